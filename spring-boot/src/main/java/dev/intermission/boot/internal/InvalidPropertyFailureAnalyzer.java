package dev.intermission.boot.internal;

import dev.intermission.InvalidValueException;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Explains a start-up that failed on an Intermission property: it names the property, what is wrong with its
 * value, and where the value was set (file and line), instead of a stack trace.
 */
public final class InvalidPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidValueException> {

    private final Environment environment;

    /**
     * Creates the analyzer; Boot passes the application's environment.
     *
     * @param environment the environment, to find where a property was set
     */
    public InvalidPropertyFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidValueException cause) {
        String property = cause.field();
        if (property == null || !(property.startsWith("intermission.") || property.startsWith("management."))) {
            return null;
        }
        StringBuilder description = new StringBuilder()
                .append("Invalid value for the property '").append(property).append("': ").append(cause.problem());
        if (cause.value() != null) {
            description.append(", was '").append(cause.value()).append("'");
        }
        description.append('.');
        String origin = origin(property);
        if (origin != null) {
            description.append("\n\n    Origin: ").append(origin);
        }
        String action = "Correct '" + property + "' in the application's configuration (application.properties, "
                + "application.yml or the environment); the Intermission Spring Boot page lists every property and "
                + "the values it accepts.";
        return new FailureAnalysis(description.toString(), action, cause);
    }

    private String origin(String property) {
        if (environment == null) {
            return null;
        }
        ConfigurationPropertyName name;
        try {
            name = ConfigurationPropertyName.adapt(property, '.');
        } catch (RuntimeException e) {
            return null;
        }
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            for (ConfigurationPropertyName candidate : new ConfigurationPropertyName[] {name, name.append("[0]")}) {
                ConfigurationProperty found = source.getConfigurationProperty(candidate);
                if (found != null && found.getOrigin() != null) {
                    return found.getOrigin().toString();
                }
            }
        }
        return null;
    }
}
