package io.stampede.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Selenium through the system chromedriver (never a
 * downloaded one). Tests that need it skip, saying what to install, where it is missing; CI
 * installs it. Screenshots go to {@code target/screenshots/}, and also to the folder named by
 * the system property {@code stampede.screenshots} (e.g. {@code docs/screenshots}) when set.
 */
public final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** A fresh browser; {@code offline} also routes every request to a closed port, so nothing can load. */
    public static Browser open(boolean offline) {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "skipped: no headless browser here; install it with: apt-get install -y chromium chromium-driver (CI does)");
        Path profile;
        try {
            profile = Files.createTempDirectory("stampede-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1400,1000", "--lang=en-US");
        if (offline) {
            options.addArguments("--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>");
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        return new Browser(driver, profile);
    }

    public ChromeDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    @SuppressWarnings("unchecked")
    public <T> T js(String script, Object... args) {
        return (T) ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Waits until {@code condition} holds (a JS expression returning true), failing with {@code what}. */
    public void waitFor(String what, Duration timeout, String condition) {
        waitUntil(what, timeout, d -> Boolean.TRUE.equals(js("return !!(" + condition + ");")));
    }

    public void waitUntil(String what, Duration timeout, Function<WebDriver, Boolean> condition) {
        new WebDriverWait(driver, timeout).withMessage(what).pollingEvery(Duration.ofMillis(200)).until(condition);
    }

    /** Non-blank pixels of each ECharts canvas inside {@code selector}: a drawn chart has thousands. */
    public List<Long> inkedPixels(String selector) {
        return js("return [...document.querySelectorAll(arguments[0] + ' canvas')].map(c => {"
                + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
                + " for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; });", selector);
    }

    /** A screenshot of the whole page (up to 9000 pixels tall), {@code width} pixels wide. */
    public Path screenshot(String name, int width) {
        long height = js("return Math.ceil(document.documentElement.scrollHeight);");
        // The window's size includes its own bars: the page sees the window less those.
        List<Long> bars = js("return [window.outerWidth - window.innerWidth, window.outerHeight - window.innerHeight];");
        driver.manage().window().setSize(new Dimension(width + bars.get(0).intValue(),
                (int) Math.min(Math.max(height, 600), 9000) + bars.get(1).intValue()));
        js("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));");
        return keep(driver.getScreenshotAs(OutputType.FILE), name);
    }

    /** A picture of one element only (the run header, a banner), kept like {@link #screenshot}. */
    public Path screenshotOf(String cssSelector, String name) {
        File shot = driver.findElement(org.openqa.selenium.By.cssSelector(cssSelector)).getScreenshotAs(OutputType.FILE);
        return keep(shot, name);
    }

    /** Makes the page see {@code prefers-color-scheme: dark} or {@code light}, as a system setting would. */
    public void colorScheme(String scheme) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia",
                java.util.Map.of("features", List.of(java.util.Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    private static Path keep(File shot, String name) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "screenshots"));
            Path target = dir.resolve(name + ".png");
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            String docs = System.getProperty("stampede.screenshots");
            if (docs != null && !docs.isBlank()) {
                Files.copy(shot.toPath(), Files.createDirectories(Path.of(docs)).resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temp profile left behind is harmless
            }
        }
    }
}
