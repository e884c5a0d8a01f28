package dev.tracer.instrumentation.spring.webmvc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentConsole;
import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestedVersions;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/**
 * Spring MVC 5.2, below the range (5.3 is the oldest line claimed), its DispatcherServlet in embedded Tomcat 9:
 * one "not supported" line, the application answers as without the agent, and the servlet's SERVER spans are
 * still made, named after the servlet mapping as without a framework, not after the controller's pattern. Run by the execution {@code below} only.
 */
class SpringWebMvcBelowRangeTest {
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @RestController
  static class Orders {
    @GetMapping("/orders/{id}")
    String order(@PathVariable("id") String id) {
      return "order " + id;
    }
  }

  @Configuration
  @EnableWebMvc
  static class App {
    @Bean
    Orders orders() {
      return new Orders();
    }
  }

  @Test
  void staysOutOfTheWay() throws Exception {
    AgentConsole.record();
    AgentTesting.install();
    TestedVersions.assertLoaded(DispatcherServlet.class);

    AnnotationConfigWebApplicationContext spring = new AnnotationConfigWebApplicationContext();
    spring.register(App.class);
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
    tomcat.setHostname("127.0.0.1");
    tomcat.setPort(0);
    tomcat.getConnector();
    Context context = tomcat.addContext("", null);
    Wrapper wrapper = Tomcat.addServlet(context, "dispatcher", new DispatcherServlet(spring));
    wrapper.setLoadOnStartup(1);
    context.addServletMappingDecoded("/", "dispatcher");
    tomcat.start();
    try {
      int port = tomcat.getConnector().getLocalPort();
      HttpResponse<String> order = get(port, "/orders/42");
      assertThat(order.statusCode()).isEqualTo(200);
      assertThat(order.body()).isEqualTo("order 42");
      assertThat(get(port, "/nowhere").statusCode()).isEqualTo(404);
    } finally {
      tomcat.stop();
      tomcat.destroy();
    }

    List<SpanData> servers = AgentTesting.waitFor(spans -> spans.stream().filter(s -> s.getKind() == SpanKind.SERVER).count() >= 2)
        .stream().filter(s -> s.getKind() == SpanKind.SERVER).collect(Collectors.toList());
    // the servlet mapping's route, as for any servlet without a framework; not the controller's /orders/{id}
    assertThat(servers).extracting(SpanData::getName).containsExactly("GET /*", "GET /*");
    assertThat(servers).extracting(s -> s.getAttributes().get(AttributeKey.stringKey("http.route"))).containsExactly("/*", "/*");
    assertThat(servers).extracting(s -> s.getAttributes().get(AttributeKey.stringKey("url.path")))
        .containsExactlyInAnyOrder("/orders/42", "/nowhere");
    assertThat(AgentConsole.notSupported("spring-webmvc")).hasSize(1);
  }

  static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
