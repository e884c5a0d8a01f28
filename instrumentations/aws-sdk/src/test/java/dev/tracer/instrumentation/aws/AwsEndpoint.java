package dev.tracer.instrumentation.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback endpoint that answers the real wire protocols of the few S3 (REST/XML, path style), DynamoDB
 * (JSON 1.0) and SNS (query) calls the tests make. Buckets other than {@code known-bucket} do not exist.
 * Every answer carries a request id, as AWS does. Request bodies are kept for the tests to read.
 */
final class AwsEndpoint implements AutoCloseable {
  static final String REQUEST_ID = "REQ-1234";
  final List<String> bodies = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  AwsEndpoint() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    bodies.add(URLDecoder.decode(body, StandardCharsets.UTF_8));
    String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    String path = exchange.getRequestURI().getPath();
    if (target != null && target.startsWith("DynamoDB_20120810.")) {
      String json = target.endsWith(".GetItem") ? "{\"Item\":{\"id\":{\"S\":\"1\"}}}" : "{}";
      exchange.getResponseHeaders().add("x-amzn-RequestId", REQUEST_ID);
      respond(exchange, 200, "application/x-amz-json-1.0", json);
    } else if (body.contains("Action=Publish")) {
      exchange.getResponseHeaders().add("x-amzn-RequestId", REQUEST_ID);
      respond(exchange, 200, "text/xml", "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"
          + "<PublishResult><MessageId>m-1</MessageId></PublishResult>"
          + "<ResponseMetadata><RequestId>" + REQUEST_ID + "</RequestId></ResponseMetadata></PublishResponse>");
    } else if (path.startsWith("/known-bucket")) {
      exchange.getResponseHeaders().add("x-amz-request-id", REQUEST_ID);
      exchange.getResponseHeaders().add("ETag", "\"d41d8cd98f00b204e9800998ecf8427e\"");
      respond(exchange, 200, "application/xml", "");
    } else {
      String bucket = path.split("/").length > 1 ? path.split("/")[1] : "";
      exchange.getResponseHeaders().add("x-amz-request-id", REQUEST_ID);
      respond(exchange, 404, "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchBucket</Code>"
          + "<Message>The specified bucket does not exist</Message><BucketName>" + bucket + "</BucketName>"
          + "<RequestId>" + REQUEST_ID + "</RequestId></Error>");
    }
  }

  private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", type);
    if (bytes.length == 0) {
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
