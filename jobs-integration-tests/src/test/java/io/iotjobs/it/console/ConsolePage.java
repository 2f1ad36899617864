package io.iotjobs.it.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console as a person uses it, for the browser test: going to a page, typing into labelled fields, clicking,
 * waiting for what the page shows (explicit waits on page conditions, never sleeps), checking that every control
 * has a name, and screenshots under {@value #SCREENSHOTS}.
 */
final class ConsolePage {

    /** Where the screenshots go (the module's build directory). */
    static final String SCREENSHOTS = "target/console-screenshots";

    private static final Duration WAIT = Duration.ofSeconds(10);

    /**
     * The controls (visible ones) without an accessible name: no label, aria-label, aria-labelledby or (buttons)
     * text. Returns a short description of each.
     */
    private static final String UNNAMED_CONTROLS = String.join(
            "\n",
            "const unnamed = [];",
            "for (const c of document.querySelectorAll('input, select, textarea, button, a[href]')) {",
            "  if (c.offsetParent === null && getComputedStyle(c).position !== 'fixed') continue;",
            "  const byLabel = c.labels ? Array.from(c.labels).map(l => l.textContent).join(' ') : '';",
            "  const byIds = (c.getAttribute('aria-labelledby') || '').split(' ').filter(i => i)",
            "    .map(i => (document.getElementById(i) || {}).textContent || '').join(' ');",
            "  const name = (c.getAttribute('aria-label') || byIds || byLabel",
            "    || (c.tagName === 'BUTTON' || c.tagName === 'A' ? c.textContent : '')).trim();",
            "  if (!name) unnamed.push(c.outerHTML.slice(0, 120));",
            "}",
            "return unnamed;");

    private final WebDriver driver;
    private final String base;

    ConsolePage(WebDriver driver, String base) {
        this.driver = driver;
        this.base = base;
    }

    /** Opens the console (a fresh load, even when only the fragment differs) on a page; waits for its stream. */
    ConsolePage load(String page) {
        driver.get("about:blank");
        driver.get(base + "#" + page);
        waitFor(By.cssSelector("#connection[data-state='live']"));
        return this;
    }

    /** Goes to another page in the same document (no reload). */
    ConsolePage go(String page) {
        ((JavascriptExecutor) driver).executeScript("location.hash = arguments[0]", page);
        waitFor(By.cssSelector("nav a[aria-current='page'][data-page='" + page.split("/")[0] + "']"));
        return this;
    }

    WebElement waitFor(By locator) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    void waitForText(By locator, String text) {
        new WebDriverWait(driver, WAIT)
                .withMessage(() -> "text \"" + text + "\" in " + locator + ", found: "
                        + driver.findElements(locator).stream()
                                .map(e -> "\"" + e.getText() + "\"")
                                .toList()
                        + "; the page's stream: "
                        + driver.findElement(By.id("connection")).getText()
                        + "; browser log: "
                        + driver.manage().logs().get("browser").getAll())
                .until(d -> d.findElements(locator).stream()
                        .anyMatch(e -> e.getText().contains(text)));
    }

    void waitUntilDisabled(By locator) {
        new WebDriverWait(driver, WAIT).until(d -> !d.findElement(locator).isEnabled());
    }

    WebElement find(By locator) {
        return driver.findElement(locator);
    }

    /** The field with this label's text. */
    WebElement field(String label) {
        WebElement labelElement = driver.findElement(By.xpath("//label[normalize-space(.)='" + label + "']"));
        return driver.findElement(By.id(labelElement.getAttribute("for")));
    }

    void type(String label, String text) {
        WebElement field = field(label);
        field.clear();
        field.sendKeys(text);
    }

    /** Replaces a textarea's text as typing would (an input event follows). */
    void replaceText(String label, String text) {
        WebElement field = field(label);
        ((JavascriptExecutor) driver)
                .executeScript(
                        "arguments[0].value = arguments[1];"
                                + "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                        field,
                        text);
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    Object asyncScript(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    /** Checks that every visible control of the page has an accessible name. */
    void assertEveryControlIsLabelled(String page) {
        @SuppressWarnings("unchecked")
        List<String> unnamed = (List<String>) script(UNNAMED_CONTROLS);
        assertThat(unnamed).as("controls without a label on the %s page", page).isEmpty();
    }

    /** Checks that the page needs no sideways scrolling at the window's width (its tables scroll in their box). */
    void assertFitsTheWindow(String page) {
        Object overflow = script("return document.documentElement.scrollWidth - window.innerWidth");
        assertThat(((Number) overflow).longValue())
                .as("sideways overflow of the %s page in px", page)
                .isLessThanOrEqualTo(0);
        assertThat(driver.findElements(By.cssSelector("nav a[data-page]")))
                .as("navigation on the %s page", page)
                .allMatch(WebElement::isDisplayed);
    }

    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Saves a screenshot of the window as {@code <name>.png} under {@value #SCREENSHOTS}. */
    Path screenshot(String name) {
        try {
            Path folder = Path.of(SCREENSHOTS);
            Files.createDirectories(folder);
            Path file = folder.resolve(name + ".png");
            Files.write(file, ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
