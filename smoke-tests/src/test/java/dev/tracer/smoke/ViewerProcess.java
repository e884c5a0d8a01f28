package dev.tracer.smoke;

import dev.tracer.testing.AgentProcess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code java -jar tracer.jar view --port 0 --otlp-port 0} in its own JVM, and its two ports as it printed them. */
final class ViewerProcess implements AutoCloseable {
  private static final Pattern PAGE = Pattern.compile("traces page: +http://127\\.0\\.0\\.1:(\\d+)/");
  private static final Pattern OTLP = Pattern.compile("OTLP/HTTP: +http://127\\.0\\.0\\.1:(\\d+) ");

  final AgentProcess process;
  final int uiPort;
  final int otlpPort;
  private final HttpClient client = HttpClient.newHttpClient();

  private ViewerProcess(AgentProcess process) throws Exception {
    this.process = process;
    process.awaitOutput("OTLP/HTTP:", 60);
    uiPort = port(PAGE);
    otlpPort = port(OTLP);
  }

  /** Without the agent (as users run it); {@code jvmArgs} such as a heap limit; more view options after them. */
  static ViewerProcess start(String... viewOptions) throws Exception {
    return start(AgentProcess.jarBuilder(AgentProcess.tracerJar().toString()).withoutAgent(), viewOptions);
  }

  static ViewerProcess start(AgentProcess.Builder builder, String... viewOptions) throws Exception {
    String[] args = new String[viewOptions.length + 5];
    args[0] = "view";
    args[1] = "--port";
    args[2] = "0";
    args[3] = "--otlp-port";
    args[4] = "0";
    System.arraycopy(viewOptions, 0, args, 5, viewOptions.length);
    return new ViewerProcess(builder.args(args).start());
  }

  private int port(Pattern pattern) {
    Matcher matcher = pattern.matcher(process.stdout());
    if (!matcher.find()) {
      throw new AssertionError("no port in the viewer's output\n" + process.dump());
    }
    return Integer.parseInt(matcher.group(1));
  }

  String page() {
    return "http://127.0.0.1:" + uiPort + "/";
  }

  String otlpEndpoint() {
    return "http://127.0.0.1:" + otlpPort;
  }

  /** GET on the page's API; the body, or null when not 200. */
  String api(String path) {
    try {
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(page() + path.substring(1))).build(),
          HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : null;
    } catch (Exception e) {
      return null;
    }
  }

  int post(ExportTraceServiceRequest request) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(otlpEndpoint() + "/v1/traces"))
        .header("Content-Type", "application/x-protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray())).build(), HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  @Override
  public void close() {
    process.close();
  }
}
