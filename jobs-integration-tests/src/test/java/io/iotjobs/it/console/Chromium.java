package io.iotjobs.it.console;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through its chromedriver ({@code apt-get install chromium chromium-driver}).
 * Without them the browser tests are skipped, unless {@value #REQUIRE_ENV}{@code =1} (as CI sets it), when they
 * fail. The browser starts with a fresh profile and without any of its own network traffic (no updates, sync or
 * background requests), so that it talks to the local server only.
 */
final class Chromium implements AutoCloseable {

    /** The environment variable that turns a missing browser from a skip into a failure. */
    static final String REQUIRE_ENV = "IOTJOBS_REQUIRE_CHROMIUM";

    private static final File BROWSER = new File("/usr/bin/chromium");
    private static final File DRIVER = new File("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Skips the test class when the browser or its driver is missing (fails it under {@value #REQUIRE_ENV}=1). */
    static void assumeInstalled() {
        if (BROWSER.canExecute() && DRIVER.canExecute()) {
            return;
        }
        String missing = (BROWSER.canExecute() ? "" : BROWSER + " ") + (DRIVER.canExecute() ? "" : DRIVER);
        if ("1".equals(System.getenv(REQUIRE_ENV))) {
            throw new IllegalStateException(REQUIRE_ENV + "=1 but " + missing.trim() + " is missing: install the"
                    + " Debian packages chromium and chromium-driver, or unset the variable");
        }
        Assumptions.abort("Chromium is not installed (" + missing.trim() + "), so the browser tests are skipped;"
                + " apt-get install -y chromium chromium-driver installs it, and CI sets " + REQUIRE_ENV + "=1");
    }

    /**
     * Starts a headless browser.
     *
     * @param width the window's width in pixels
     * @param height its height
     * @return the browser; close it to end it and remove its profile
     */
    static Chromium start(int width, int height) {
        Path profile;
        try {
            profile = Files.createTempDirectory("console-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER);
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-default-apps",
                "--disable-extensions",
                "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height);
        // the driver given outright: Selenium then never looks for (or downloads) one of its own
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER)
                .usingAnyFreePort()
                .build();
        return new Chromium(new ChromeDriver(service, options), profile);
    }

    ChromeDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException e) {
                // a temporary folder left behind
            }
        }
    }
}
