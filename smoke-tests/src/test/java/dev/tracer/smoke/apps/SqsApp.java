package dev.tracer.smoke.apps;

import java.net.URI;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@code serve <endpoint> <queueUrl>} sends one message per {@code GET /orders} request (an HTTP service, Jetty 12);
 * {@code send <endpoint> <queueUrl>} sends one message; {@code receive <endpoint> <queueUrl>} receives and handles it.
 */
public final class SqsApp {
  public static void main(String[] args) throws Exception {
    if (args[0].equals("serve")) {
      serve(args[1], args[2]);
      return;
    }
    run(args);
  }

  private static void serve(String endpoint, String queueUrl) throws Exception {
    SqsClient sqs = SqsClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    org.eclipse.jetty.server.Server server = new org.eclipse.jetty.server.Server(new java.net.InetSocketAddress("127.0.0.1", 0));
    org.eclipse.jetty.ee10.servlet.ServletContextHandler context = new org.eclipse.jetty.ee10.servlet.ServletContextHandler();
    context.addServlet(new org.eclipse.jetty.ee10.servlet.ServletHolder(new jakarta.servlet.http.HttpServlet() {
      @Override
      protected void doGet(jakarta.servlet.http.HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response)
          throws java.io.IOException {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("order " + request.getParameter("id")));
        response.getWriter().print("queued");
      }
    }), "/orders");
    server.setHandler(context);
    server.start();
    System.out.println("listening on " + ((org.eclipse.jetty.server.ServerConnector) server.getConnectors()[0]).getLocalPort());
    System.out.flush();
    server.join();
  }

  private static void run(String[] args) {
    try (SqsClient sqs = SqsClient.builder().endpointOverride(URI.create(args[1])).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build()) {
      if (args[0].equals("send")) {
        sqs.sendMessage(b -> b.queueUrl(args[2]).messageBody("order 42"));
        System.out.println("sent");
        return;
      }
      List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(args[2]).waitTimeSeconds(5)).messages();
      for (Message message : messages) {
        System.out.println("handled " + message.body());
        sqs.deleteMessage(b -> b.queueUrl(args[2]).receiptHandle(message.receiptHandle()));
      }
    }
  }
}
