package dev.campaignanalytics.http;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClasspathFilesTest {
    @Test
    void everyFileOfTheDashboardsAssetFolderIsListedAndServedSoNoneIsForgotten() throws IOException, URISyntaxException {
        Path folder = Path.of(Dashboard.class.getResource(Dashboard.ASSETS).toURI());
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(Dashboard.ASSET_FILES);
        }
    }

    @Test
    void aMissingFileOrAnUnknownTypeFailsAtStartNotOnTheFirstRequest() {
        ClasspathFiles files = new ClasspathFiles();
        assertThatThrownBy(() -> files.add("/x.js", "dev/campaignanalytics/http/no-such-file.js", java.util.Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no-such-file.js");
        assertThatThrownBy(() -> ClasspathFiles.contentType("notes.txt"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("notes.txt");
    }

    @Test
    void scriptsAreServedAsJavaScriptModulesAccept() {
        assertThat(ClasspathFiles.contentType("dist/uPlot.esm.js")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(ClasspathFiles.contentType("style.css")).isEqualTo("text/css; charset=utf-8");
        assertThat(ClasspathFiles.contentType("favicon-16x16.png")).isEqualTo("image/png");
    }
}
