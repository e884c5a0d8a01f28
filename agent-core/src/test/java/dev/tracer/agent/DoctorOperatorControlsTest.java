package dev.tracer.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code doctor} shows the operator controls as parsed: rules, capture lists, redaction lists. */
class DoctorOperatorControlsTest {
  private static String doctor(Map<String, String> env) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new Doctor(new Config(env, new HashMap<>()), DoctorOperatorControlsTest.class.getClassLoader(),
        new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void showsRulesCaptureAndRedactionAsParsed() {
    Map<String, String> env = new HashMap<>();
    env.put("TRACER_SAMPLER_RULES", "/health=0, /api/search/**=0.01, nonsense");
    env.put("TRACER_CAPTURE_HTTP_SERVER_REQUEST_HEADERS", "X-Request-Id, Authorization");
    env.put("OTEL_INSTRUMENTATION_HTTP_CLIENT_CAPTURE_RESPONSE_HEADERS", "Content-Type");
    env.put("TRACER_REDACT_HEADERS", "X-Api-Key");
    env.put("TRACER_REDACT_QUERY_PARAMS", "session");
    env.put("TRACER_HTTP_TRACE_RESPONSE", "true");
    String out = doctor(env);
    assertThat(out).containsPattern("/health +0 \\(not traced\\)");
    assertThat(out).containsPattern("/api/search/\\*\\* +0.01");
    assertThat(out).contains("TRACER_SAMPLER_RULES: rule 'nonsense' skipped");
    assertThat(out).containsPattern("captured http server request headers: *x-request-id, authorization \\(REDACTED\\)");
    assertThat(out).containsPattern("captured http client response headers: *content-type");
    assertThat(out).containsPattern("captured messaging headers: *none");
    assertThat(out).containsPattern("headers always REDACTED: *authorization, proxy-authorization, cookie, set-cookie, x-api-key");
    assertThat(out).containsPattern("query parameters REDACTED: *password, .*x-goog-signature, session");
    assertThat(out).containsPattern("trace response: *on");
    // a capture list is not a secret: shown as typed in the configuration table, unlike OTLP headers
    assertThat(out).contains("X-Request-Id, Authorization");
  }

  @Test
  void withNothingConfiguredSaysSo() {
    String out = doctor(new HashMap<>());
    assertThat(out).contains("sampler rules: none (every request: TRACER_SAMPLER=parentbased_always_on)");
    assertThat(out).containsPattern("captured http server request headers: *none");
    assertThat(out).containsPattern("trace response: *off");
  }
}
