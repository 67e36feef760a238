package dev.intermission.boot;

import dev.intermission.boot.app.TestApplication;

import org.springframework.boot.test.context.SpringBootTest;

/** The starter over real HTTP on H2. */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.datasource.url=jdbc:h2:mem:starter-h2;DB_CLOSE_DELAY=-1",
            "intermission.service-name=h2-app"})
class H2StarterTest extends StarterHttpContract {
}
