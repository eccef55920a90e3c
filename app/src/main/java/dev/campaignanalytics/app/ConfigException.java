package dev.campaignanalytics.app;

/** A setting that cannot be used. Its message is one line that names the variable and says what is wrong. */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String variable, String problem) {
        super(variable + ": " + problem);
    }
}
