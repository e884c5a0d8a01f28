package dev.tracer.instrumentation.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentConsole;
import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestedVersions;
import java.net.URI;
import java.util.List;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * AWS SDK v2 2.14, below the range (2.15.0 is the oldest claimed): one "not supported" line, no spans, and SQS
 * calls to ElasticMQ give the same results as without the agent (no message attributes added). Run by the
 * execution {@code below} of aws-sdk-2.15-tests only.
 */
class AwsSdkBelowRangeTest {
  @Test
  void staysOutOfTheWay() {
    AgentConsole.record();
    AgentTesting.install();
    TestedVersions.assertLoaded(SqsClient.class);
    TestedVersions.assertLoaded(ExecutionInterceptor.class);

    SQSRestServer elasticMq = SQSRestServerBuilder.withPort(0).withInterface("127.0.0.1").start();
    URI uri = URI.create("http://127.0.0.1:" + elasticMq.waitUntilStarted().localAddress().getPort());
    try (SqsClient sqs = SqsClient.builder().endpointOverride(uri).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build()) {
      String queueUrl = sqs.createQueue(b -> b.queueName("below-range")).queueUrl();
      sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("hello"));
      List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).messageAttributeNames("All")
          .waitTimeSeconds(5)).messages();
      assertThat(messages).hasSize(1);
      assertThat(messages.get(0).body()).isEqualTo("hello");
      assertThat(messages.get(0).messageAttributes()).isEmpty();
    } finally {
      elasticMq.stopAndWait();
    }

    assertThat(AgentConsole.notSupported("aws-sdk")).hasSize(1);
    assertThat(AgentTesting.exported()).isEmpty();
  }
}
