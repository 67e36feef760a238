package dev.intermission.servlet.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.FilterMapping;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.ServletMapping;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Deploys a {@link WebApp} on embedded Jetty 12 (ee10) or Tomcat 10.1, bound to 127.0.0.1 on a free port. */
public final class Containers {

    private Containers() {
    }

    /**
     * Deploys and starts the application; a filter or servlet that fails to initialise leaves it
     * {@linkplain RunningApp#available() unavailable} rather than throwing.
     *
     * @param container the container
     * @param app       the application
     * @return the running application; close it
     */
    public static RunningApp start(Container container, WebApp app) {
        try {
            return container == Container.JETTY ? startJetty(app) : startTomcat(app);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start " + container + ": " + e.getMessage(), e);
        }
    }

    private static ServletContextListener attributesListener(WebApp app) {
        return new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent event) {
                app.attributes.forEach(event.getServletContext()::setAttribute);
            }
        };
    }

    private static RunningApp startJetty(WebApp app) throws Exception {
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        if (app.lenientUris) {
            http.setUriCompliance(UriCompliance.UNSAFE);
        }
        if (app.secure) {
            http.addCustomizer((request, responseHeaders) -> new Request.Wrapper(request) {
                @Override
                public boolean isSecure() {
                    return true;
                }
            });
        }
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler(app.contextPath.isEmpty() ? "/" : app.contextPath);
        Path docBase = writeResources(app);
        context.setBaseResourceAsPath(docBase);
        if (app.lenientUris) {
            context.getServletHandler().setDecodeAmbiguousURIs(true);
        }
        context.addEventListener(attributesListener(app));
        app.listeners.forEach(context::addEventListener);
        for (WebApp.FilterSpec f : app.filters) {
            FilterHolder holder = f.instance() != null ? new FilterHolder(f.instance()) : new FilterHolder(f.type());
            holder.setName(f.name());
            holder.setInitParameters(f.initParams());
            holder.setAsyncSupported(f.asyncSupported());
            FilterMapping mapping = new FilterMapping();
            mapping.setFilterName(f.name());
            mapping.setPathSpecs(f.urlPatterns().toArray(new String[0]));
            mapping.setDispatcherTypes(EnumSet.copyOf(f.dispatchers()));
            context.getServletHandler().addFilter(holder, mapping);
        }
        for (WebApp.ServletSpec s : app.servlets) {
            ServletHolder holder = s.instance() != null ? new ServletHolder(s.name(), s.instance())
                    : new ServletHolder(s.name(), s.type());
            holder.setInitParameters(s.initParams());
            holder.setAsyncSupported(true);
            if (s.type() != null) {
                holder.setInitOrder(1);
            }
            context.getServletHandler().addServlet(holder);
            ServletMapping mapping = new ServletMapping();
            mapping.setServletName(s.name());
            mapping.setPathSpecs(s.mappings().toArray(new String[0]));
            context.getServletHandler().addServletMapping(mapping);
        }
        app.jettyCustomizer.accept(context);
        server.setHandler(context);
        Throwable failure = null;
        try {
            server.start();
        } catch (Exception e) {
            // Jetty rethrows a failed filter init and does not listen; tests observe that.
            failure = e;
        }
        Optional<Throwable> startFailure = Optional.ofNullable(failure);
        int port = connector.getLocalPort();
        return new RunningApp() {
            @Override
            public Container container() {
                return Container.JETTY;
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public String contextPath() {
                return app.contextPath;
            }

            @Override
            public Optional<Throwable> startFailure() {
                return startFailure;
            }

            @Override
            public boolean available() {
                return startFailure.isEmpty() && context.isAvailable() && context.isStarted();
            }

            @Override
            public ServletContext servletContext() {
                return context.getServletContext();
            }

            @Override
            public void close() {
                try {
                    server.stop();
                } catch (Exception e) {
                    throw new IllegalStateException("cannot stop Jetty", e);
                } finally {
                    deleteQuietly(docBase);
                }
            }
        };
    }

    private static RunningApp startTomcat(WebApp app) throws LifecycleException, IOException {
        Path base = Files.createTempDirectory("tomcat");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        if (app.lenientUris) {
            connector.setAllowBackslash(true);
            connector.setEncodedSolidusHandling("decode");
            connector.setEncodedReverseSolidusHandling("decode");
            connector.setProperty("relaxedPathChars", "\\\"<>[]^`{|}");
        }
        if (app.secure) {
            connector.setSecure(true);
            connector.setScheme("https");
        }
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        Path docBase = writeResources(app);
        Context context = tomcat.addContext(app.contextPath, docBase.toString());
        context.addServletContainerInitializer((classes, servletContext) -> {
            app.attributes.forEach(servletContext::setAttribute);
            app.listeners.forEach(servletContext::addListener);
        }, Set.of());
        for (WebApp.FilterSpec f : app.filters) {
            FilterDef def = new FilterDef();
            def.setFilterName(f.name());
            if (f.instance() != null) {
                def.setFilter(f.instance());
                def.setFilterClass(f.instance().getClass().getName());
            } else {
                def.setFilterClass(f.type().getName());
            }
            def.setAsyncSupported(Boolean.toString(f.asyncSupported()));
            f.initParams().forEach(def::addInitParameter);
            context.addFilterDef(def);
            FilterMap map = new FilterMap();
            map.setFilterName(f.name());
            f.urlPatterns().forEach(map::addURLPattern);
            f.dispatchers().forEach(d -> map.setDispatcher(d.name()));
            context.addFilterMap(map);
        }
        for (WebApp.ServletSpec s : app.servlets) {
            Wrapper wrapper;
            if (s.instance() != null) {
                wrapper = Tomcat.addServlet(context, s.name(), s.instance());
            } else {
                wrapper = Tomcat.addServlet(context, s.name(), s.type().getName());
                wrapper.setLoadOnStartup(1);
            }
            s.initParams().forEach(wrapper::addInitParameter);
            wrapper.setAsyncSupported(true);
            s.mappings().forEach(m -> context.addServletMapping(m, s.name()));
        }
        app.tomcatCustomizer.accept(tomcat, context);
        tomcat.start();
        int port = connector.getLocalPort();
        return new RunningApp() {
            @Override
            public Container container() {
                return Container.TOMCAT;
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public String contextPath() {
                return app.contextPath;
            }

            @Override
            public Optional<Throwable> startFailure() {
                return Optional.empty();
            }

            @Override
            public boolean available() {
                return context.getState() == LifecycleState.STARTED;
            }

            @Override
            public ServletContext servletContext() {
                return context.getServletContext();
            }

            @Override
            public void close() {
                try {
                    tomcat.stop();
                    tomcat.destroy();
                } catch (LifecycleException e) {
                    throw new IllegalStateException("cannot stop Tomcat", e);
                } finally {
                    deleteQuietly(base);
                    deleteQuietly(docBase);
                }
            }
        };
    }

    private static Path writeResources(WebApp app) throws IOException {
        Path docBase = Files.createTempDirectory("webapp");
        for (var resource : app.resources.entrySet()) {
            Path file = docBase.resolve(resource.getKey().substring(1));
            Files.createDirectories(file.getParent());
            Files.writeString(file, resource.getValue());
        }
        return docBase;
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
