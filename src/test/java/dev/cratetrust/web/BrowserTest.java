package dev.cratetrust.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.Parsers;
import dev.cratetrust.testing.ReliabilityFixture;
import dev.cratetrust.testing.SiteFixture;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * Headless Chromium (Debian {@code chromium} + {@code chromium-driver}) drives the real site on the
 * embedded store and on PostgreSQL: search, the crate page, the Reliability tab, a version
 * comparison and a tarball-versus-repository diff. Each page gets a screenshot under {@code
 * target/screenshots/} and an axe-core check that fails on serious or critical violations.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final String NAME = ReliabilityFixture.NAME;

  private ReliabilityFixture.Built built;
  private final List<SiteFixture> sites = new ArrayList<>();
  private final List<WebDriver> drivers = new ArrayList<>();
  private String axe;
  private Path tmp;

  @BeforeAll
  void build(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "needs chromium and chromium-driver (apt-get install -y chromium chromium-driver)");
    tmp = dir;
    built = ReliabilityFixture.build(dir.resolve("fixture"));
    try (InputStream in = BrowserTest.class.getResourceAsStream("/web/axe/axe.min.js")) {
      axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  void stop() {
    drivers.forEach(WebDriver::quit);
    sites.forEach(SiteFixture::close);
  }

  private WebDriver driver(String engine) {
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM.toFile());
    o.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-quic",
        "--no-first-run",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1000",
        "--user-data-dir=" + tmp.resolve("profile-" + engine).toAbsolutePath());
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
    WebDriver d = new ChromeDriver(service, o);
    drivers.add(d);
    return d;
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem", "postgresql"})
  void searchCratePageReliabilityComparisonAndSourceDiff(String engine) throws Exception {
    SiteFixture site = SiteFixture.start(tmp.resolve("site-" + engine), engine);
    sites.add(site);
    built.storeInto(site.database());
    WebDriver d = driver(engine);
    WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(15));
    String base = site.base().toString();

    d.get(base);
    WebElement box = d.findElement(By.id("site-search"));
    box.sendKeys("reliability-de");
    box.submit();
    wait.until(ExpectedConditions.urlContains("/search"));
    check(d, engine, "search");
    d.findElement(By.cssSelector("main a[href='/crates/" + NAME + "']")).click();
    wait.until(ExpectedConditions.urlToBe(base + "crates/" + NAME));
    assertThat(d.findElement(By.tagName("h1")).getText()).contains(NAME);
    check(d, engine, "crate");

    d.findElement(By.cssSelector("nav a[href='/crates/" + NAME + "/reliability']")).click();
    wait.until(ExpectedConditions.urlContains("/reliability"));
    assertThat(d.findElement(By.tagName("h1")).getText()).isEqualTo(NAME + ": Reliability");
    assertThat(d.findElements(By.cssSelector("section.timeline-entry"))).hasSize(3);
    assertThat(d.findElement(By.cssSelector("#v-1\\.1\\.0 .verdict")).getText())
        .isEqualTo("looks-sketchy");
    check(d, engine, "reliability");

    new Select(d.findElement(By.id("compare-from"))).selectByValue("1.0.0");
    new Select(d.findElement(By.id("compare-to"))).selectByValue("1.1.0");
    d.findElement(By.cssSelector("form.compare-form button")).click();
    wait.until(ExpectedConditions.urlContains("/compare?from=1.0.0&to=1.1.0"));
    assertThat(d.findElement(By.tagName("h1")).getText()).contains("1.0.0 compared with 1.1.0");
    assertThat(d.findElement(By.tagName("main")).getText()).contains("build.rs");
    check(d, engine, "compare");

    d.findElement(By.linkText("Tarball vs repository for 1.1.0")).click();
    wait.until(ExpectedConditions.urlContains("/1.1.0/source-diff"));
    assertThat(d.findElements(By.cssSelector("pre.diff span.diff-add"))).isNotEmpty();
    assertThat(d.findElements(By.cssSelector("pre.diff span.tok-kw"))).isNotEmpty();
    // the markup in the crate's file is shown as text, never run or parsed
    assertThat(d.findElement(By.tagName("main")).getText()).contains(ReliabilityFixture.MARKUP);
    assertThat(d.findElements(By.cssSelector("main script"))).isEmpty();
    check(d, engine, "source-diff");
  }

  /** Saves a screenshot and fails on serious or critical axe-core violations. */
  private void check(WebDriver d, String engine, String page) throws IOException {
    byte[] png = ((TakesScreenshot) d).getScreenshotAs(OutputType.BYTES);
    Files.write(SCREENSHOTS.resolve(engine + "-" + page + ".png"), png);
    JavascriptExecutor js = (JavascriptExecutor) d;
    js.executeScript(axe);
    Object out =
        js.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']})"
                + ".then(r => done(JSON.stringify(r.violations)))"
                + ".catch(e => done('axe failed: ' + e));");
    String result = String.valueOf(out);
    assertThat(result).as(page).doesNotStartWith("axe failed");
    JsonNode violations = Parsers.json().readTree(result);
    List<String> bad = new ArrayList<>();
    for (JsonNode v : violations) {
      String impact = v.path("impact").asString("");
      if (impact.equals("serious") || impact.equals("critical")) {
        bad.add(
            impact
                + " "
                + v.path("id").asString()
                + ": "
                + v.path("help").asString()
                + " at "
                + v.path("nodes").path(0).path("target").toString());
      }
    }
    assertThat(bad).as("axe-core on the " + page + " page (" + d.getCurrentUrl() + ")").isEmpty();
  }
}
