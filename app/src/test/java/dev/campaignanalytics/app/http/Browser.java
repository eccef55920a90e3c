package dev.campaignanalytics.app.http;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;

/**
 * A real headless Chromium driven through chromedriver: Debian's {@code chromium} and {@code chromium-driver}
 * packages, which {@code .ci/run} installs (see the README's Dashboard section). Given explicitly, the driver is never
 * looked for or downloaded by Selenium Manager, which would fail without a network. Their paths can be changed
 * with the system properties {@code browser.chromium} and {@code browser.chromedriver}. When either is missing the
 * tests fail, saying what to install; they never skip.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getProperty("browser.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("browser.chromedriver", "/usr/bin/chromedriver"));
    private static final Duration WAIT = Duration.ofSeconds(15);

    final ChromeDriver driver;
    final Path downloads;

    private Browser(ChromeDriver driver, Path downloads) {
        this.driver = driver;
        this.downloads = downloads;
    }

    /**
     * Starts the browser, with its profile and download directory under {@code target/browser/}.
     *
     * @throws AssertionError naming the package to install when chromium or chromedriver is missing
     */
    static Browser start() {
        for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(binary)) {
                throw new AssertionError("The dashboard's browser tests need " + binary + ", which is missing. "
                        + "Install Debian's chromium and chromium-driver: "
                        + "apt-get update && apt-get install -y chromium chromium-driver (.ci/run does this).");
            }
        }
        Path root = Path.of("target", "browser").toAbsolutePath();
        Path profile = root.resolve("profile-" + System.nanoTime());
        Path downloads = root.resolve("downloads-" + System.nanoTime());
        try {
            Files.createDirectories(profile);
            Files.createDirectories(downloads);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=en-US",
                "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", downloads.toString(),
                "download.prompt_for_download", false,
                "download.directory_upgrade", true,
                "safebrowsing.enabled", false));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        return new Browser(new ChromeDriver(service, options), downloads);
    }

    /** Loads the page afresh (a new document, not just a new fragment). */
    void open(String url) {
        driver.get("about:blank");
        driver.get(url);
    }

    <T> T waitFor(ExpectedCondition<T> condition) {
        return new WebDriverWait(driver, WAIT).until(condition);
    }

    WebElement waitFor(By by) {
        return waitFor(d -> {
            List<WebElement> found = d.findElements(by);
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Sets the size of the page's viewport (the headless window has no frame). */
    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Saves a screenshot of the whole page, laid out at {@code width}, to {@code file}. */
    void screenshot(int width, Path file) {
        resize(width, 900);
        waitFor(d -> ((Number) js("return window.innerWidth")).intValue() == width);
        long height = ((Number) js("return document.documentElement.scrollHeight"
                + " + Math.max(window.outerHeight - window.innerHeight, 0)")).longValue();
        resize(width, (int) Math.min(height, 6000));
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The browser console's messages since last asked. */
    List<String> consoleMessages() {
        List<String> messages = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            messages.add(e.getLevel() + " " + e.getMessage());
        }
        return messages;
    }

    /** The completed downloads (not Chrome's partial {@code .crdownload} files). */
    List<Path> downloaded() {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.filter(f -> !f.getFileName().toString().endsWith(".crdownload")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
