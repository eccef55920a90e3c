package dev.campaignanalytics.app;

/**
 * One environment variable the server reads: its name, its default (or {@code null} when it has none) and what it
 * means. {@link AppConfig#SETTINGS} lists them all; {@code --help} and the README show the same list.
 */
public record Setting(String name, String defaultValue, String description) {
}
