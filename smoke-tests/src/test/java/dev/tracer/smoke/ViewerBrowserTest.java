package dev.tracer.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentProcess;
import dev.tracer.testing.Waiting;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import com.google.protobuf.ByteString;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * {@code java -jar tracer.jar view} as a user sees it: the example application's two JVMs export to it over OTLP and
 * headless Chromium (Debian's chromium and chromium-driver, driven with Selenium) reads the page. Fails, never skips,
 * when Chromium is missing: scripts/start-services.sh installs it.
 */
class ViewerBrowserTest {
  private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");
  static final Path ARTIFACTS = Paths.get("target", "viewer-browser");

  private static ChromeDriverService service;
  private static WebDriver browser;

  @BeforeAll
  static void chromium() throws Exception {
    assertThat(CHROMIUM).as("Debian's chromium (apt-get install chromium chromium-driver; scripts/start-services.sh does)")
        .isExecutable();
    assertThat(CHROMEDRIVER).as("Debian's chromium-driver (apt-get install chromium chromium-driver)").isExecutable();
    Files.createDirectories(ARTIFACTS);
    Path profile = Files.createTempDirectory("viewer-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--window-size=1400,1000");
    service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
        .withLogFile(ARTIFACTS.resolve("chromedriver.log").toFile()).build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void quit() {
    if (browser != null) {
      browser.quit();
    }
    if (service != null) {
      service.stop();
    }
  }

  /** One example run exported to the viewer: the request's trace across both JVMs, as the page shows it. */
  @Test
  void theExampleRequestIsOneTraceAcrossBothServices() throws Exception {
    try (ViewerProcess viewer = ViewerProcess.start()) {
      File jar = new File(System.getProperty("example.app.jar", "../examples/app/target/example-app.jar"));
      AgentProcess app = AgentProcess.jarBuilder(jar.getPath()).env("TRACER_EXPORTER", "otlp")
          .env("TRACER_OTLP_ENDPOINT", viewer.otlpEndpoint()).run(120);
      app.assertSucceeded();
      // the line front logs while serving order 3, with its trace id: what a user pastes into the filter
      Matcher logged = Pattern.compile("(?m)^.*FrontService trace_id=(\\w{32}) span_id=\\w+ - asking back for order 3.*$")
          .matcher(app.stdout());
      assertThat(logged.find()).as(app.stdout()).isTrue();
      String logLine = logged.group();
      String traceId = logged.group(1);
      assertThat(Waiting.until(() -> {
        String trace = viewer.api("/api/trace/" + traceId);
        return trace != null && count(trace, "\"spanId\"") == 6;
      }, 30)).as("the request's 6 spans reach the viewer: " + viewer.api("/api/trace/" + traceId)).isTrue();

      browser.get(viewer.page());
      String row = "tr.trace-row[data-trace-id='" + traceId + "']";
      awaitElement(By.cssSelector(row));
      // every trace of the run is listed (the page redraws the list when more arrive)
      int all = count(viewer.api("/api/traces"), "\"traceId\"");
      assertThat(Waiting.until(() -> traceRows().size() == all, 10)).as("all traces listed: " + traceRows()).isTrue();
      assertThat(browser.findElement(By.cssSelector(row + " .span-count")).getText()).isEqualTo("6");
      assertThat(browser.findElement(By.cssSelector(row + " .services")).getText()).contains("example-app").contains("example-back");
      assertThat(browser.findElements(By.cssSelector(row + ".error"))).isEmpty();

      // the error trace (back's SELECT from a missing table) is marked
      WebElement failed = rowNamed("SELECT missing_table");
      assertThat(failed.getDomAttribute("class")).contains("error");
      assertThat(failed.findElements(By.cssSelector(".error-mark"))).hasSize(1);
      assertThat(browser.findElements(By.cssSelector("tr.trace-row:not(.error) .error-mark"))).isEmpty();

      // the trace id filter, given the whole log line, finds the one trace and opens it
      browser.findElement(By.id("f-trace")).sendKeys(logLine);
      assertThat(Waiting.until(() -> traceRows().size() == 1 && traceRows().get(0).equals(traceId), 10))
          .as("only the pasted trace is listed: " + traceRows()).isTrue();
      awaitElement(By.cssSelector("#rows .span-row"));
      assertThat(Waiting.until(() -> browser.findElements(By.cssSelector("#rows .span-row")).size() == 6, 10)).isTrue();

      // the waterfall: front SERVER > front CLIENT > back SERVER > back Orders.find (@WithSpan) > back JDBC, each one
      // level deeper, inside its parent
      Map<String, Map<String, String>> spans = waterfall();
      Map<String, String> frontServer = only(spans, "example-app", "SERVER", "GET /orders/*");
      Map<String, String> frontClient = only(spans, "example-app", "CLIENT", "GET", frontServer.get("id"));
      Map<String, String> backServer = only(spans, "example-back", "SERVER", "GET /orders/*");
      Map<String, String> find = only(spans, "example-back", "INTERNAL", "Orders.find");
      Map<String, String> select = only(spans, "example-back", "CLIENT", "SELECT orders");
      assertThat(frontClient.get("parent")).isEqualTo(frontServer.get("id"));
      assertThat(backServer.get("parent")).isEqualTo(frontClient.get("id"));
      assertThat(find.get("parent")).isEqualTo(backServer.get("id"));
      assertThat(select.get("parent")).isEqualTo(find.get("id"));
      int depth = Integer.parseInt(frontServer.get("depth"));
      assertThat(List.of(frontClient, backServer, find, select)).extracting(s -> Integer.parseInt(s.get("depth")))
          .containsExactly(depth + 1, depth + 2, depth + 3, depth + 4);
      assertThat(rowOrder()).containsSubsequence(frontServer.get("id"), frontClient.get("id"), backServer.get("id"),
          find.get("id"), select.get("id"));
      nestedIn(frontClient, frontServer, 0);
      nestedIn(find, backServer, 0);
      nestedIn(select, find, 0);
      // across two JVMs the clocks are the same machine's; allow a millisecond of rounding between them
      nestedIn(backServer, frontClient, 1_000_000);
      for (Map<String, String> span : List.of(frontServer, frontClient, backServer, find, select)) {
        assertThat(span.get("shown")).as("duration shown").isEqualTo(duration(Long.parseLong(span.get("duration"))));
      }

      // a click shows the span's attributes
      browser.findElement(By.cssSelector("#rows .span-row[data-span-id='" + select.get("id") + "']")).click();
      WebElement detail = awaitElement(By.cssSelector("#span-detail tr[data-key='db.system']"));
      assertThat(detail.getText()).contains("h2");
      assertThat(browser.findElement(By.cssSelector("#span-detail tr[data-key='db.statement']")).getText())
          .contains("SELECT customer, total FROM orders WHERE id = ?");
      assertThat(browser.findElement(By.id("span-detail")).getText()).contains("service.name").contains("example-back");
      // without the filter the trace stays open: the README's screenshot
      browser.findElement(By.id("f-clear")).click();
      assertThat(Waiting.until(() -> traceRows().size() == all, 10)).as("all traces listed again: " + traceRows()).isTrue();
      screenshot("example-trace.png");

      // the error trace's exception, on click
      browser.findElement(By.id("f-errors")).click();
      assertThat(Waiting.until(() -> traceRows().size() == 1 && !traceRows().contains(traceId), 10))
          .as("errors only: " + traceRows()).isTrue();
      rowNamed("SELECT missing_table").click();
      awaitElement(By.cssSelector("#rows .span-row.error")).click();
      WebElement stack = awaitElement(By.cssSelector("#span-detail pre.stack"));
      assertThat(stack.getText()).contains("JdbcSQLSyntaxErrorException").contains("missing_table").contains("at org.h2.");
      screenshot("error-trace.png");
    }
  }

  /**
   * How long the page takes with 1,000 traces held (5 spans each): from navigation until the list is on screen, as
   * the page records it. Printed, not asserted: this machine's speed varies.
   */
  @Test
  void pageWithAThousandTraces() throws Exception {
    try (ViewerProcess viewer = ViewerProcess.start()) {
      for (int batch = 0; batch < 10; batch++) {
        List<Span> spans = new ArrayList<>();
        for (int t = batch * 100; t < (batch + 1) * 100; t++) {
          spans.addAll(trace(t));
        }
        assertThat(viewer.post(request("shop", spans))).isEqualTo(200);
      }
      assertThat(viewer.api("/api/stats")).contains("\"traces\":1000,");
      browser.get("about:blank");
      browser.get(viewer.page());
      assertThat(Waiting.until(() -> browser.findElements(By.cssSelector("tr.trace-row")).size() == 1000, 30)).isTrue();
      JavascriptExecutor js = (JavascriptExecutor) browser;
      double listed = ((Number) js.executeScript("return window.tracerFirstListMs")).doubleValue();
      double loaded = ((Number) js.executeScript("const n = performance.getEntriesByType('navigation')[0];"
          + " return n.domContentLoadedEventEnd")).doubleValue();
      String result = String.format(Locale.ROOT, "[viewer] page with 1000 traces (5 spans each): list on screen %.0f ms"
          + " after navigation (DOMContentLoaded %.0f ms)", listed, loaded);
      System.out.println(result);
      Files.writeString(ARTIFACTS.resolve("page-load.txt"), result + "\n");
      assertThat(browser.findElement(By.id("list-info")).getText()).contains("1000 traces");
      // one of them, opened
      browser.findElements(By.cssSelector("tr.trace-row")).get(0).click();
      assertThat(Waiting.until(() -> browser.findElements(By.cssSelector("#rows .span-row")).size() == 5, 10)).isTrue();
      // the routes tab: RED numbers from the same spans
      browser.findElement(By.id("tab-routes")).click();
      WebElement route = awaitElement(By.cssSelector("#routes tr.route[data-route='GET /items/{id}']"));
      assertThat(route.findElement(By.cssSelector(".count")).getText()).isEqualTo("1000");
      assertThat(route.findElement(By.cssSelector(".errors")).getText()).isEqualTo("100 (10.0%)");
      screenshot("routes.png");
    }
  }

  /** Trace {@code t}: a SERVER span with four children, every tenth failed. */
  private static List<Span> trace(int t) {
    ByteString traceId = ByteString.copyFrom(ByteBuffer.allocate(16).putLong(0x7ace).putLong(t + 1).array());
    long start = 1_700_000_000_000_000_000L + t * 50_000_000L;
    List<Span> spans = new ArrayList<>();
    ByteString root = spanId(t, 0);
    spans.add(Span.newBuilder().setTraceId(traceId).setSpanId(root).setName("GET /items/{id}")
        .setKind(Span.SpanKind.SPAN_KIND_SERVER).setStartTimeUnixNano(start).setEndTimeUnixNano(start + 20_000_000L + t * 1000L)
        .setStatus(Status.newBuilder().setCode(t % 10 == 0 ? Status.StatusCode.STATUS_CODE_ERROR : Status.StatusCode.STATUS_CODE_UNSET))
        .addAttributes(attribute("http.route", "/items/{id}")).build());
    for (int i = 1; i <= 4; i++) {
      spans.add(Span.newBuilder().setTraceId(traceId).setSpanId(spanId(t, i)).setParentSpanId(root).setName("SELECT items")
          .setKind(Span.SpanKind.SPAN_KIND_CLIENT).setStartTimeUnixNano(start + i * 3_000_000L)
          .setEndTimeUnixNano(start + i * 3_000_000L + 2_000_000L).addAttributes(attribute("db.system", "postgresql")).build());
    }
    return spans;
  }

  private static ByteString spanId(int t, int i) {
    return ByteString.copyFrom(ByteBuffer.allocate(8).putInt(t + 1).putInt(i + 1).array());
  }

  private static KeyValue attribute(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }

  static ExportTraceServiceRequest request(String service, List<Span> spans) {
    return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
        .setResource(Resource.newBuilder().addAttributes(attribute("service.name", service)))
        .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(spans))).build();
  }

  /** The page's own formatting (app.js duration(); toFixed rounds the double's exact value, ties up). */
  private static String duration(long ns) {
    if (ns < 1000) {
      return ns + " ns";
    }
    if (ns < 1_000_000) {
      return fixed(ns / 1e3, ns < 10_000 ? 2 : 0) + " µs";
    }
    if (ns < 1_000_000_000) {
      return fixed(ns / 1e6, ns < 10_000_000 ? 2 : ns < 100_000_000 ? 1 : 0) + " ms";
    }
    return fixed(ns / 1e9, 2) + " s";
  }

  private static String fixed(double value, int digits) {
    return new java.math.BigDecimal(value).setScale(digits, java.math.RoundingMode.HALF_UP).toPlainString();
  }

  private static void nestedIn(Map<String, String> child, Map<String, String> parent, long slackNanos) {
    long childStart = Long.parseLong(child.get("start"));
    long childEnd = childStart + Long.parseLong(child.get("duration"));
    long parentStart = Long.parseLong(parent.get("start"));
    long parentEnd = parentStart + Long.parseLong(parent.get("duration"));
    assertThat(childStart).as(child.get("name") + " starts inside " + parent.get("name")).isGreaterThanOrEqualTo(parentStart - slackNanos);
    assertThat(childEnd).as(child.get("name") + " ends inside " + parent.get("name")).isLessThanOrEqualTo(parentEnd + slackNanos);
    assertThat(Long.parseLong(child.get("duration"))).isLessThan(Long.parseLong(parent.get("duration")));
  }

  /** The waterfall's rows as the page has them (data attributes and shown text), by span id. */
  private static Map<String, Map<String, String>> waterfall() {
    Map<String, Map<String, String>> spans = new HashMap<>();
    for (WebElement row : browser.findElements(By.cssSelector("#rows .span-row"))) {
      Map<String, String> span = new HashMap<>();
      span.put("id", row.getDomAttribute("data-span-id"));
      span.put("parent", row.getDomAttribute("data-parent-id"));
      span.put("depth", row.getDomAttribute("data-depth"));
      span.put("kind", row.getDomAttribute("data-kind"));
      span.put("service", row.getDomAttribute("data-service"));
      span.put("start", row.getDomAttribute("data-start-ns"));
      span.put("duration", row.getDomAttribute("data-duration-ns"));
      span.put("name", row.findElement(By.cssSelector(".span-name")).getText());
      span.put("shown", row.findElement(By.cssSelector(".span-dur")).getText());
      spans.put(span.get("id"), span);
    }
    return spans;
  }

  private static Map<String, String> only(Map<String, Map<String, String>> spans, String service, String kind, String name,
      String... parent) {
    List<Map<String, String>> found = new ArrayList<>();
    for (Map<String, String> span : spans.values()) {
      if (span.get("service").equals(service) && span.get("kind").equals(kind) && span.get("name").equals(name)
          && (parent.length == 0 || parent[0].equals(span.get("parent")))) {
        found.add(span);
      }
    }
    assertThat(found).as(service + " " + kind + " " + name + " in " + spans.values()).hasSize(1);
    return found.get(0);
  }

  private static List<String> rowOrder() {
    List<String> ids = new ArrayList<>();
    for (WebElement row : browser.findElements(By.cssSelector("#rows .span-row"))) {
      ids.add(row.getDomAttribute("data-span-id"));
    }
    return ids;
  }

  /** The listed trace ids, read in one script (the list may be redrawn at any moment). */
  @SuppressWarnings("unchecked")
  private static List<String> traceRows() {
    return (List<String>) ((JavascriptExecutor) browser).executeScript(
        "return Array.from(document.querySelectorAll('tr.trace-row')).map(r => r.dataset.traceId)");
  }

  private static WebElement rowNamed(String name) {
    for (WebElement row : browser.findElements(By.cssSelector("tr.trace-row"))) {
      if (row.findElement(By.cssSelector(".root .name")).getText().equals(name)) {
        return row;
      }
    }
    throw new AssertionError("no trace named " + name + " listed: " + browser.findElement(By.id("trace-list")).getText());
  }

  private static WebElement awaitElement(By by) {
    assertThat(Waiting.until(() -> !browser.findElements(by).isEmpty(), 20)).as(by + " on the page").isTrue();
    return browser.findElement(by);
  }

  private static void screenshot(String name) throws Exception {
    byte[] png = ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(ARTIFACTS.resolve(name), png);
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      count++;
    }
    return count;
  }
}
