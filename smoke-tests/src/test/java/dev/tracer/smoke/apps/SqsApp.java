package dev.tracer.smoke.apps;

import java.net.URI;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** {@code send <endpoint> <queueUrl>} sends one message; {@code receive <endpoint> <queueUrl>} receives and handles it. */
public final class SqsApp {
  public static void main(String[] args) {
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
