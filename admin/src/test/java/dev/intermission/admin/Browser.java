package dev.intermission.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) driven through WebDriver, with a
 * fresh profile, for one test class. Screenshots go to {@code target/screenshots/<class>/}; the browser's console
 * is read after each test so that a Content-Security-Policy violation or an uncaught script error fails it.
 */
final class Browser implements AutoCloseable {

    /** Debian's Chromium; {@code -Dintermission.test.chromium} names another (a missing one skips the tests). */
    static final Path CHROMIUM = Path.of(System.getProperty("intermission.test.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("intermission.test.chromedriver",
            "/usr/bin/chromedriver"));
    static final Dimension DESKTOP = new Dimension(1280, 900);
    static final Dimension PHONE = new Dimension(390, 844);
    /** Kept, so that the quieter level stays set: Selenium's own warnings are not the test's output. */
    private static final Logger SELENIUM_LOG = Logger.getLogger("org.openqa.selenium");

    final ChromeDriver driver;
    private final Path profile;
    private final Path screenshots;
    private int shot;

    private Browser(ChromeDriver driver, Path profile, Path screenshots) {
        this.driver = driver;
        this.profile = profile;
        this.screenshots = screenshots;
    }

    /** Returns whether Chromium and its driver are installed. */
    static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** Skips the calling test, saying why, when Chromium or its driver is not installed. */
    static void assumeInstalled() {
        assumeTrue(installed(),
                "browser tests skipped: " + CHROMIUM + " or " + CHROMEDRIVER + " is missing "
                        + "(install Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver)");
    }

    /** Starts Chromium at desktop size with a fresh profile; screenshots go under {@code target/screenshots/name}. */
    static Browser start(String name) {
        assumeInstalled();
        SELENIUM_LOG.setLevel(Level.SEVERE);
        try {
            Path profile = Files.createTempDirectory("chromium-profile");
            Path screenshots = Path.of("target", "screenshots", name);
            if (Files.isDirectory(screenshots)) {
                try (Stream<Path> old = Files.list(screenshots)) {
                    for (Path file : old.toList()) {
                        Files.delete(file);
                    }
                }
            }
            Files.createDirectories(screenshots);
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--user-data-dir=" + profile, "--lang=en-US", "--force-device-scale-factor=1",
                    "--window-size=" + DESKTOP.width + "," + DESKTOP.height);
            options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .withSilent(true)
                    .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
            return new Browser(driver, profile, screenshots);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    WebDriverWait waiting(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(100));
        return wait;
    }

    /** Waits up to 10 s for a condition. */
    <T> T until(Function<WebDriver, T> condition) {
        return waiting(Duration.ofSeconds(10)).until(condition);
    }

    WebElement byId(String id) {
        return driver.findElement(By.id(id));
    }

    String text(String id) {
        return byId(id).getText();
    }

    boolean visible(String id) {
        List<WebElement> found = driver.findElements(By.id(id));
        return !found.isEmpty() && found.get(0).isDisplayed();
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Returns the banner's shadow root, or {@code null} when no banner is on the page. */
    SearchContext banner() {
        List<WebElement> hosts = driver.findElements(By.cssSelector("[data-intermission-banner]"));
        if (hosts.isEmpty() || !hosts.get(0).isDisplayed()) {
            return null;
        }
        return hosts.get(0).getShadowRoot();
    }

    /** Returns the text of the banner's part ({@code title}, {@code text}, {@code when}), or {@code null}. */
    String bannerPart(String part) {
        SearchContext root = banner();
        return root == null ? null : root.findElement(By.cssSelector("." + part)).getText();
    }

    void resize(Dimension size) {
        driver.manage().window().setSize(size);
    }

    /**
     * Writes a screenshot, numbered in the order taken: of the whole page at desktop width, of the screen (what a
     * user sees) at phone width.
     */
    Path screenshot(String name) {
        return screenshot(name, null);
    }

    /** Writes a screenshot after scrolling the element with the id, if any, to the top of the screen. */
    Path screenshot(String name, String scrollTo) {
        if (scrollTo != null) {
            script("arguments[0].scrollIntoView({block: 'start'});", byId(scrollTo));
        }
        Dimension size = driver.manage().window().getSize();
        Number height = (Number) script("return Math.max(document.documentElement.scrollHeight, "
                + "document.body ? document.body.scrollHeight : 0);");
        boolean fullPage = size.width >= 600 && scrollTo == null;
        int full = fullPage ? Math.min(Math.max(height.intValue(), size.height), 4000) : size.height;
        if (fullPage) {
            script("window.scrollTo(0, 0);");
        }
        try {
            if (full > size.height) {
                resize(new Dimension(size.width, full));
            }
            byte[] png = driver.getScreenshotAs(OutputType.BYTES);
            shot++;
            Path file = screenshots.resolve(String.format("%02d-%s-%d.png", shot, name, size.width));
            Files.write(file, png);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (full > size.height) {
                resize(size);
            }
        }
    }

    /** Reads the browser's console since the last call and fails on a CSP violation or an uncaught error. */
    void assertNoScriptErrors() {
        List<String> problems = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            String message = entry.getMessage();
            if (message.contains("Content Security Policy") || message.contains("Uncaught")
                    || message.contains("TypeError") || message.contains("ReferenceError")) {
                problems.add(message);
            }
        }
        assertEquals(List.of(), problems, "the browser's console");
    }

    /** Discards the console lines so far. */
    void clearLog() {
        driver.manage().logs().get(LogType.BROWSER);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary profile left behind is harmless
            }
        }
    }
}
