package dev.intermission.notify.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;

import dev.intermission.InvalidValueException;

/**
 * A compiled Mustache template that renders plain text: values are written as they are (no HTML escaping, the
 * text is not HTML), and partials ({@code {{> name}}}) are refused, so a template never reads a file.
 */
public final class TextTemplate {

    /** The resource holding the default template. */
    static final String DEFAULT_RESOURCE = "/dev/intermission/notify/default-text.mustache";

    /** A factory that writes values unescaped and loads nothing. */
    private static final class PlainFactory extends DefaultMustacheFactory {
        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new MustacheException("cannot write", e);
            }
        }

        @Override
        public Reader getReader(String resourceName) {
            throw new MustacheException("partials are not supported ({{> " + resourceName + "}})");
        }
    }

    private final Mustache mustache;
    private final String source;

    private TextTemplate(Mustache mustache, String source) {
        this.mustache = mustache;
        this.source = source;
    }

    /**
     * Compiles a template.
     *
     * @param field    the setting's name, for the error
     * @param template the template's text
     * @return the template
     * @throws InvalidValueException naming the field when the text is not a valid template
     */
    public static TextTemplate compile(String field, String template) {
        if (template == null || template.isBlank()) {
            throw new InvalidValueException(field, null, "must not be blank");
        }
        try {
            return new TextTemplate(new PlainFactory().compile(new StringReader(template), field), template);
        } catch (MustacheException | IllegalArgumentException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new InvalidValueException(field, null, "is not a valid Mustache template: " + message);
        }
    }

    /**
     * Returns the default template's text.
     *
     * @return the text
     */
    public static String defaultSource() {
        try (InputStream in = TextTemplate.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Returns the template's text.
     *
     * @return the source
     */
    public String source() {
        return source;
    }

    /**
     * Renders the template.
     *
     * @param context the values, as maps, lists and strings
     * @return the text, with trailing blank lines removed
     */
    public String render(Map<String, Object> context) {
        StringWriter out = new StringWriter();
        mustache.execute(out, context);
        return out.toString().stripTrailing();
    }
}
