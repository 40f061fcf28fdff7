package io.hellocheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;

/**
 * The sample captures' HTML report opened in headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}, which the README's test command installs), driven by Selenium: it renders without
 * script errors in the browser's console log, with one ladder per failed handshake of
 * sample-captures/EXPECTED.tsv and one arrow per evidence entry, counted in the browser's DOM, and its filters
 * work. It leaves a screenshot of one ladder in {@code analyzer-cli/target/ladder.png} (the README's
 * {@code docs/ladder.png} is one).
 */
class HtmlBrowserTest {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private static Path dir;
    private static Path report;
    private static ChromeDriver browser;

    @BeforeAll
    static void open() throws IOException {
        dir = Files.createTempDirectory("hellocheck-html");
        report = dir.resolve("report.html");
        Runs.Run run = Runs.run("analyze", "--format", "html", "-o", report.toString(), Paths.samples().toString());
        assertThat(run.code()).as(run.err()).isEqualTo(1);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-background-networking", "--disable-gpu",
                "--window-size=1800,1400", "--force-device-scale-factor=2");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.get(report.toUri().toString());
    }

    @AfterAll
    static void close() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        Files.deleteIfExists(report);
        Files.deleteIfExists(dir);
    }

    @Test
    void rendersWithoutScriptErrorsWithALadderPerFailedHandshakeAndAnArrowPerEvidenceEntry() throws IOException {
        List<LogEntry> console = browser.manage().logs().get(LogType.BROWSER).getAll();
        assertThat(console).as("the browser's console log")
                .noneMatch(e -> e.getLevel().intValue() >= Level.WARNING.intValue());
        // the console log is really read: a message the page's own script would have logged shows up
        ((JavascriptExecutor) browser).executeScript("console.error('hellocheck probe')");
        assertThat(browser.manage().logs().get(LogType.BROWSER).getAll())
                .anyMatch(e -> e.getMessage().contains("hellocheck probe"));

        long failed = Files.readAllLines(Paths.samples().resolve("EXPECTED.tsv")).stream().skip(1)
                .map(l -> l.split("\t")[4]).filter(o -> !o.equals("COMPLETED") && !o.equals("INCONCLUSIVE")).count();
        Object ladders = ((JavascriptExecutor) browser).executeScript(
                "return document.querySelectorAll('svg.ladder').length");
        assertThat(ladders).isEqualTo(failed);

        // arrows per ladder, counted by the browser, against the evidence entries of the JSON Lines records
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> drawn = (List<Map<String, Object>>) ((JavascriptExecutor) browser).executeScript(
                "return Array.from(document.querySelectorAll('details.record.failed')).map(function (r) {"
                        + " return {capture: r.closest('section').querySelector('h2').textContent,"
                        + " arrows: r.querySelectorAll('svg.ladder g.arrow').length,"
                        + " visible: r.querySelector('svg.ladder').getBoundingClientRect().height > 0}; })");
        Map<String, Long> arrows = new TreeMap<>();
        drawn.forEach(d -> {
            assertThat(d.get("visible")).as(d.get("capture").toString()).isEqualTo(true);
            arrows.put((String) d.get("capture"), (Long) d.get("arrows"));
        });
        Map<String, Long> evidence = new TreeMap<>();
        for (JsonNode r : Runs.run("analyze", "--format", "jsonl", Paths.samples().toString()).ofType("connection")) {
            if (r.get("failed").asBoolean()) {
                evidence.put(r.get("capture").asText(), (long) r.get("evidence").size());
            }
        }
        assertThat(arrows).hasSize((int) failed).isEqualTo(evidence);

        WebElement ladder = browser.findElements(By.cssSelector("section.capture")).stream()
                .filter(s -> s.findElement(By.tagName("h2")).getText().endsWith("/no-response.pcap")).findFirst()
                .orElseThrow().findElement(By.cssSelector("figure.ladder-box"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()", ladder);
        Path shot = Paths.root().resolve("analyzer-cli/target/ladder.png");
        Files.copy(ladder.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(shot)).isGreaterThan(10_000);
    }

    @Test
    void theFiltersShowOnlyTheChosenRecords() {
        WebElement filters = browser.findElement(By.id("filters"));
        assertThat(filters.isDisplayed()).as("the script shows the filters").isTrue();
        // and puts a copy button after each Wireshark filter
        assertThat(browser.findElements(By.cssSelector("code.filter + button.copy")))
                .hasSameSizeAs(browser.findElements(By.cssSelector("details.record")));
        Select outcome = new Select(filters.findElement(By.cssSelector("select[data-key=outcome]")));
        try {
            outcome.selectByVisibleText("SERVER_ALERT");
            List<String> visible = new ArrayList<>();
            for (WebElement r : browser.findElements(By.cssSelector("details.record"))) {
                if (r.isDisplayed()) {
                    visible.add(r.getAttribute("data-outcome"));
                }
            }
            // EXPECTED.tsv: 5 SERVER_ALERT connections (alert 40 four times, alert 70 once)
            assertThat(visible).hasSize(5).containsOnly("SERVER_ALERT");
            assertThat(browser.findElement(By.id("shown")).getText()).startsWith("5 of ");
        } finally {
            outcome.selectByIndex(0);
        }
    }
}
