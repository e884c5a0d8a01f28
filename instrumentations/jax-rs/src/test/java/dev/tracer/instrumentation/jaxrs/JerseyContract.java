package dev.tracer.instrumentation.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestedVersions;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Jersey in a servlet container on loopback, mapped to {@code /api/*} under context path {@code /shop}: each
 * request's SERVER span is named after the matched {@code @Path} route with the application path in front.
 */
abstract class JerseyContract {
  static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
  static Server server;
  static int port;
  final HttpClient client = HttpClient.newHttpClient();

  @Path("/orders")
  public static class Orders {
    @GET
    public String list() {
      return "all";
    }

    @GET
    @Path("/{id}")
    public String one(@PathParam("id") String id) {
      return "order " + id;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public String create(@FormParam("item") String item) {
      return "created " + item;
    }

    @Path("/{id}/lines")
    public Lines lines() {
      return new Lines();
    }

    @GET
    @Path("/fail")
    public String fail() {
      throw new IllegalStateException("order book closed");
    }
  }

  /** A sub-resource, reached through a locator. */
  public static class Lines {
    @GET
    @Path("/{line}")
    public String line(@PathParam("line") String line) {
      return "line " + line;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    AgentTesting.install();
    TestedVersions.assertLoaded(ResourceConfig.class);
    server = new Server(0);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/shop");
    context.addServlet(new ServletHolder(new ServletContainer(new ResourceConfig(Orders.class))), "/api/*");
    server.setHandler(context);
    server.start();
    port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
  }

  @BeforeEach
  void reset() {
    AgentTesting.reset();
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
  }

  SpanData onlyServerSpan() {
    List<SpanData> spans = AgentTesting.spans(1);
    assertThat(spans).hasSize(1);
    assertThat(spans.get(0).getKind()).isEqualTo(SpanKind.SERVER);
    return spans.get(0);
  }

  @Test
  void pathTemplateNamesTheSpan() throws Exception {
    assertThat(send(request("/shop/api/orders/42")).body()).isEqualTo("order 42");
    SpanData span = onlyServerSpan();
    assertThat(span.getName()).isEqualTo("GET /shop/api/orders/{id}");
    assertThat(span.getAttributes().get(ROUTE)).isEqualTo("/shop/api/orders/{id}");
    assertThat(span.getAttributes().get(STATUS)).isEqualTo(200L);
  }

  @Test
  void classPathAloneAndFormPost() throws Exception {
    assertThat(send(request("/shop/api/orders")).body()).isEqualTo("all");
    assertThat(onlyServerSpan().getName()).isEqualTo("GET /shop/api/orders");
    AgentTesting.reset();
    HttpResponse<String> created = send(request("/shop/api/orders")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("item=tea")));
    assertThat(created.body()).isEqualTo("created tea");
    assertThat(onlyServerSpan().getName()).isEqualTo("POST /shop/api/orders");
  }

  @Test
  void subResourceLocatorJoinsItsTemplates() throws Exception {
    assertThat(send(request("/shop/api/orders/7/lines/2")).body()).isEqualTo("line 2");
    SpanData span = onlyServerSpan();
    assertThat(span.getName()).isEqualTo("GET /shop/api/orders/{id}/lines/{line}");
    assertThat(span.getAttributes().get(ROUTE)).isEqualTo("/shop/api/orders/{id}/lines/{line}");
  }

  @Test
  void throwingResourceIsAnErrorWithItsRoute() throws Exception {
    assertThat(send(request("/shop/api/orders/fail")).statusCode()).isEqualTo(500);
    SpanData span = onlyServerSpan();
    assertThat(span.getName()).isEqualTo("GET /shop/api/orders/fail");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(STATUS)).isEqualTo(500L);
    assertThat(span.getEvents()).as("the application's own exception, unwrapped")
        .anyMatch(e -> "IllegalStateException".equals(simpleName(e.getAttributes().get(EXCEPTION_TYPE))));
  }

  static String simpleName(String type) {
    return type == null ? null : type.substring(type.lastIndexOf('.') + 1);
  }

  @Test
  void unmatchedPathGetsNoResourceRoute() throws Exception {
    assertThat(send(request("/shop/api/nothing/here")).statusCode()).isEqualTo(404);
    SpanData span = onlyServerSpan();
    assertThat(span.getName()).doesNotContain("{").doesNotContain("nothing");
    assertThat(span.getAttributes().get(STATUS)).isEqualTo(404L);
  }
}
