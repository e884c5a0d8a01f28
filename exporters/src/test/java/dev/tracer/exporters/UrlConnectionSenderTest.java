package dev.tracer.exporters;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.HttpSender;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's HTTP sender against a real HTTP server on loopback: what arrives (body, headers, gzip), that one
 * connection carries every send, and the exporters' retry rules (503 and Retry-After retried within the timeout,
 * 400 and 401 answered at once, a refused connection failing within the timeout).
 */
class UrlConnectionSenderTest {
  private HttpServer server;
  private ExecutorService serving;
  /** The status each request gets, in order; 200 when none is left. */
  private final ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();
  private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger requests = new AtomicInteger();

  private static final class Received {
    final Map<String, List<String>> headers;
    final byte[] body;
    final InetSocketAddress from;

    Received(HttpExchange exchange, byte[] body) {
      this.headers = exchange.getRequestHeaders();
      this.body = body;
      this.from = exchange.getRemoteAddress();
    }
  }

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/traces", exchange -> {
      requests.incrementAndGet();
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Integer status = answers.poll();
      int code = status == null ? 200 : status;
      if (code == 200) {
        received.add(new Received(exchange, body));
      }
      if (code == 503) {
        exchange.getResponseHeaders().add("Retry-After", "0");
      }
      if (code == 401) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"collector\"");
      }
      byte[] answer = ("answer " + code).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(code, answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    });
    serving = Executors.newSingleThreadExecutor();
    server.setExecutor(serving);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    serving.shutdownNow();
  }

  private HttpSender sender(String endpoint, boolean gzip, Duration timeout) {
    return HttpSending.sender(endpoint, "application/x-protobuf", timeout, Collections.singletonMap("x-tenant", "blue"),
        null, gzip);
  }

  private String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
  }

  private static String post(HttpSender sender, String body) {
    CompletableResultCode result = HttpSending.post(sender, body.getBytes(StandardCharsets.UTF_8), "the collector");
    result.join(20, TimeUnit.SECONDS);
    assertThat(result.isDone()).as("answered within the wait").isTrue();
    return result.isSuccess() ? "ok" : String.valueOf(result.getFailureThrowable());
  }

  @Test
  void bodyAndHeadersArriveAndOneConnectionCarriesEverySend() {
    HttpSender sender = sender(endpoint(), false, Duration.ofSeconds(10));
    for (int i = 0; i < 5; i++) {
      assertThat(post(sender, "batch " + i)).isEqualTo("ok");
    }
    assertThat(received).hasSize(5);
    Received first = received.get(0);
    assertThat(new String(first.body, StandardCharsets.UTF_8)).isEqualTo("batch 0");
    assertThat(first.headers.get("Content-type")).containsExactly("application/x-protobuf");
    assertThat(first.headers.get("X-tenant")).containsExactly("blue");
    assertThat(first.headers).doesNotContainKey("Content-encoding");
    assertThat(received).extracting(r -> r.from.getPort()).as("kept alive: the same client port each time")
        .containsOnly(first.from.getPort());
  }

  @Test
  void gzipIsDeclaredAndInflatesToTheBody() throws IOException {
    assertThat(post(sender(endpoint(), true, Duration.ofSeconds(10)), "compressed batch")).isEqualTo("ok");
    Received got = received.get(0);
    assertThat(got.headers.get("Content-encoding")).containsExactly("gzip");
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(got.body))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("compressed batch");
    }
  }

  @Test
  void retryableAnswersAreRetriedAndTheBatchArrivesOnce() {
    answers.add(503);
    answers.add(429);
    answers.add(502);
    assertThat(post(sender(endpoint(), false, Duration.ofSeconds(15)), "retried")).isEqualTo("ok");
    assertThat(requests).hasValue(4);
    assertThat(received).hasSize(1);
  }

  @Test
  void aRefusalIsAnsweredOnceAndNotRetried() {
    answers.add(400);
    assertThat(post(sender(endpoint(), false, Duration.ofSeconds(10)), "refused"))
        .isEqualTo("java.io.IOException: the collector answered HTTP 400");
    answers.add(401);
    assertThat(post(sender(endpoint(), false, Duration.ofSeconds(10)), "unauthorized"))
        .isEqualTo("java.io.IOException: the collector answered HTTP 401");
    assertThat(requests).hasValue(2);
    assertThat(post(sender(endpoint(), false, Duration.ofSeconds(10)), "after")).as("the connection still serves")
        .isEqualTo("ok");
  }

  @Test
  void aCollectorThatIsDownFailsWithinTheTimeout() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String failure = post(sender("http://127.0.0.1:" + closedPort + "/v1/traces", false, Duration.ofSeconds(2)), "lost");
    assertThat(failure).contains("ConnectException");
  }
}
