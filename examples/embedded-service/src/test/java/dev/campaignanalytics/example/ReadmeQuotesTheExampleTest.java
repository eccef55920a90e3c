package dev.campaignanalytics.example;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "Embedding" section quotes the example's marked regions ({@code // region <name>} to
 * {@code // endregion <name>}) word for word, so the quote cannot drift from code that compiles and is tested.
 */
class ReadmeQuotesTheExampleTest {
    private static final Path EXAMPLES = Path.of("src/main/java/dev/campaignanalytics/example");
    private static final Path README = Path.of("../../README.md");

    @Test
    void theReadmeQuotesEveryRegionOfTheExampleVerbatim() throws IOException {
        String readme = Files.readString(README);
        String service = Files.readString(EXAMPLES.resolve("CampaignStats.java"));
        for (String region : List.of("wiring", "launch", "track", "report", "export")) {
            assertThat(readme).as("README quotes region '%s' of CampaignStats", region)
                    .contains(region(service, region));
        }
        String maths = Files.readString(EXAMPLES.resolve("VariantVerdict.java"));
        assertThat(readme).as("README quotes region 'maths' of VariantVerdict").contains(region(maths, "maths"));
    }

    /** The lines between the markers, with their common indentation removed. */
    static String region(String source, String name) {
        List<String> lines = new ArrayList<>();
        boolean inside = false;
        for (String line : source.split("\n", -1)) {
            String marker = line.strip();
            if (marker.equals("// region " + name)) {
                inside = true;
            } else if (marker.equals("// endregion " + name)) {
                inside = false;
            } else if (inside) {
                lines.add(line);
            }
        }
        assertThat(lines).as("region '%s' exists and is not empty", name).isNotEmpty();
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return String.join("\n", lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList());
    }
}
