package dev.intermission.servlet.internal;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.WebServlet;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Finds a filter declared without {@code <async-supported>} in a webapp that has asynchronous servlets, whose
 * async requests then fail: at start from {@code WEB-INF/web.xml} and the servlets' annotations (the Servlet API
 * does not say whether a registration supports async), and at run time from an {@link IllegalStateException}
 * out of a chain that does not support async.
 */
public final class AsyncSupport {

    /** What to do, for the log line. */
    public static final String FIX = "declare <async-supported>true</async-supported> in the <filter> element of "
            + "the MaintenanceFilter in web.xml (and of every filter mapped before it)";

    private AsyncSupport() {
    }

    /**
     * Reads the webapp's {@code web.xml}: when it declares the filter without {@code <async-supported>true} and
     * the webapp has asynchronous servlets (in {@code web.xml} or by annotation), returns those servlets' names.
     *
     * @param context    the webapp
     * @param filterName the filter's name
     * @return the asynchronous servlets, empty when the filter supports async, is not declared in web.xml, or
     *         the webapp has none
     */
    public static List<String> asyncServletsBehindSyncFilter(ServletContext context, String filterName) {
        Document webXml = webXml(context);
        if (webXml == null || filterName == null) {
            return List.of();
        }
        Boolean filterAsync = null;
        for (Element filter : elements(webXml, "filter")) {
            if (filterName.equals(childText(filter, "filter-name"))) {
                filterAsync = "true".equalsIgnoreCase(String.valueOf(childText(filter, "async-supported")));
            }
        }
        if (filterAsync == null || filterAsync) {
            return List.of();
        }
        TreeSet<String> asyncServlets = new TreeSet<>();
        for (Element servlet : elements(webXml, "servlet")) {
            if ("true".equalsIgnoreCase(String.valueOf(childText(servlet, "async-supported")))) {
                asyncServlets.add(String.valueOf(childText(servlet, "servlet-name")));
            }
        }
        for (ServletRegistration registration : context.getServletRegistrations().values()) {
            if (annotatedAsync(context, registration.getClassName())) {
                asyncServlets.add(registration.getName());
            }
        }
        return new ArrayList<>(asyncServlets);
    }

    /**
     * Returns whether a failure out of the chain is what a servlet gets when it starts async behind a filter
     * that does not support it.
     *
     * @param failure        what the chain threw
     * @param asyncSupported whether the request supported async when the filter passed it on
     * @return {@code true} for an {@link IllegalStateException} (maybe wrapped) while async was not supported
     */
    public static boolean isAsyncRefusal(Throwable failure, boolean asyncSupported) {
        if (asyncSupported) {
            return false;
        }
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 10; depth++) {
            if (t instanceof IllegalStateException) {
                return true;
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return false;
    }

    private static boolean annotatedAsync(ServletContext context, String className) {
        if (className == null) {
            return false;
        }
        try {
            Class<?> type = Class.forName(className, false, context.getClassLoader());
            WebServlet annotation = type.getAnnotation(WebServlet.class);
            return annotation != null && annotation.asyncSupported();
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            return false;
        }
    }

    private static Document webXml(ServletContext context) {
        try (InputStream in = context.getResourceAsStream("/WEB-INF/web.xml")) {
            if (in == null) {
                return null;
            }
            DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            factory.setExpandEntityReferences(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(in);
        } catch (Exception e) {
            // An unreadable web.xml only means this check cannot run; the container reports its own errors.
            return null;
        }
    }

    private static List<Element> elements(Document document, String localName) {
        NodeList nodes = document.getElementsByTagNameNS("*", localName);
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            elements.add((Element) nodes.item(i));
        }
        return elements;
    }

    private static String childText(Element parent, String localName) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e && localName.equals(e.getLocalName() == null ? e.getTagName()
                    : e.getLocalName())) {
                return e.getTextContent() == null ? null : e.getTextContent().strip();
            }
        }
        return null;
    }
}
