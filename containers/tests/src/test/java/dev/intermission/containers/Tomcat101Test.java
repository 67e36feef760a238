package dev.intermission.containers;

/** Standalone Tomcat 10.1 (Servlet 6.0), the PostgreSQL driver in its lib, H2's in WEB-INF/lib. */
class Tomcat101Test extends StandaloneContainerContract {

    @Override
    StandaloneContainer newContainer() {
        return new StandaloneTomcat(Build.tomcat10Home());
    }

    @Override
    Databases.Kind containerLibDriver() {
        return Databases.Kind.POSTGRES;
    }

    @Override
    War withJndiDataSource(War war, Databases.Kind kind) {
        return war.file("META-INF/context.xml", kind == Databases.Kind.H2 ? "tomcat/context-h2.xml"
                : "tomcat/context.xml");
    }
}
