package dev.intermission.containers;

/** Standalone Tomcat 11 (Servlet 6.1), the H2 driver in its lib, PostgreSQL's in WEB-INF/lib. */
class Tomcat11Test extends StandaloneContainerContract {

    @Override
    StandaloneContainer newContainer() {
        return new StandaloneTomcat(Build.tomcat11Home());
    }

    @Override
    Databases.Kind containerLibDriver() {
        return Databases.Kind.H2;
    }

    @Override
    War withJndiDataSource(War war, Databases.Kind kind) {
        return war.file("META-INF/context.xml", kind == Databases.Kind.H2 ? "tomcat/context-h2.xml"
                : "tomcat/context.xml");
    }
}
