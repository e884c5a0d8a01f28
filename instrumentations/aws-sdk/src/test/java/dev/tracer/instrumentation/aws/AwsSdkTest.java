package dev.tracer.instrumentation.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracer.testing.AgentTesting;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** The AWS SDK v2 against real local endpoints: ElasticMQ for SQS, an embedded S3/DynamoDB/SNS wire endpoint. */
class AwsSdkTest {
  static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
  static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
  static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
  static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("aws.request_id");
  static final AttributeKey<String> REGION = AttributeKey.stringKey("cloud.region");
  static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> BUCKET = AttributeKey.stringKey("aws.s3.bucket");
  static final AttributeKey<List<String>> TABLES = AttributeKey.stringArrayKey("aws.dynamodb.table_names");
  static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
  static final AttributeKey<Long> PORT = AttributeKey.longKey("server.port");
  static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

  static AwsEndpoint endpoint;
  static SQSRestServer elasticMq;
  static URI sqsUri;
  static SqsClient sqs;

  @BeforeAll
  static void setUp() throws Exception {
    AgentTesting.install();
    endpoint = new AwsEndpoint();
    elasticMq = SQSRestServerBuilder.withPort(0).withInterface("127.0.0.1").start();
    sqsUri = URI.create("http://127.0.0.1:" + elasticMq.waitUntilStarted().localAddress().getPort());
    sqs = SqsClient.builder().endpointOverride(sqsUri).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS).build();
  }

  @AfterAll
  static void tearDown() {
    sqs.close();
    elasticMq.stopAndWait();
    endpoint.close();
  }

  @BeforeEach
  void reset() {
    AgentTesting.reset();
  }

  static List<SpanData> spans(Predicate<SpanData> which, int count) {
    return AgentTesting.waitFor(all -> all.stream().filter(which).count() >= count).stream().filter(which)
        .collect(Collectors.toList());
  }

  static SpanData span(String name) {
    List<SpanData> found = spans(s -> s.getName().equals(name), 1);
    assertThat(found).as("span " + name).hasSize(1);
    return found.get(0);
  }

  static void assertAwsSpan(SpanData span, String service, String method) {
    assertThat(span.getName()).isEqualTo(service + "." + method);
    assertThat(span.getAttributes().get(RPC_SYSTEM)).isEqualTo("aws-api");
    assertThat(span.getAttributes().get(RPC_SERVICE)).isEqualTo(service);
    assertThat(span.getAttributes().get(RPC_METHOD)).isEqualTo(method);
    assertThat(span.getAttributes().get(REGION)).isEqualTo("us-east-1");
  }

  @Test
  void s3CallsAreClientSpansWithBucketAndRequestId() {
    try (S3Client s3 = S3Client.builder().endpointOverride(endpoint.uri()).serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).checksumValidationEnabled(false).build()).region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS).build()) {
      s3.putObject(b -> b.bucket("known-bucket").key("a.txt"), RequestBody.fromString("hello"));
    }
    SpanData put = span("S3.PutObject");
    assertAwsSpan(put, "S3", "PutObject");
    assertThat(put.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(put.getAttributes().get(BUCKET)).isEqualTo("known-bucket");
    assertThat(put.getAttributes().get(REQUEST_ID)).isEqualTo(AwsEndpoint.REQUEST_ID);
    assertThat(put.getAttributes().get(STATUS)).isEqualTo(200L);
    if (exposesClientEndpoint()) {
      assertThat(put.getAttributes().get(PORT)).isEqualTo((long) endpoint.port());
    }
    assertThat(put.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }

  @Test
  void awsErrorResponseMarksTheSpan() {
    try (S3Client s3 = S3Client.builder().endpointOverride(endpoint.uri()).serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).checksumValidationEnabled(false).build()).region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS).build()) {
      assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("missing-bucket").key("a.txt")))
          .isInstanceOf(NoSuchBucketException.class);
    }
    SpanData get = span("S3.GetObject");
    assertAwsSpan(get, "S3", "GetObject");
    assertThat(get.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(get.getAttributes().get(REQUEST_ID)).isEqualTo(AwsEndpoint.REQUEST_ID);
    assertThat(get.getAttributes().get(STATUS)).isEqualTo(404L);
    assertThat(get.getAttributes().get(BUCKET)).isEqualTo("missing-bucket");
    assertThat(get.getEvents()).extracting(e -> e.getName()).contains("exception");
  }

  @Test
  void dynamoDbCallsCarryTheTable() {
    try (DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(endpoint.uri()).region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS).build()) {
      dynamo.putItem(b -> b.tableName("orders").item(Map.of("id", AttributeValue.builder().s("1").build())));
      assertThat(dynamo.getItem(b -> b.tableName("orders").key(Map.of("id", AttributeValue.builder().s("1").build()))).item()).isNotEmpty();
    }
    SpanData put = span("DynamoDb.PutItem");
    assertAwsSpan(put, "DynamoDb", "PutItem");
    assertThat(put.getAttributes().get(TABLES)).containsExactly("orders");
    assertThat(put.getAttributes().get(REQUEST_ID)).isEqualTo(AwsEndpoint.REQUEST_ID);
    assertThat(span("DynamoDb.GetItem").getAttributes().get(TABLES)).containsExactly("orders");
  }

  @Test
  void sqsSendAndReceiveAreOneTrace() {
    String queueUrl = sqs.createQueue(b -> b.queueName("orders")).queueUrl();
    Span request = AgentTesting.tracing().tracer.spanBuilder("request").startSpan();
    try (Scope ignored = request.makeCurrent()) {
      sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("order 1"));
    } finally {
      request.end();
    }
    List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1)).messages();
    assertThat(messages).hasSize(1);

    SpanData send = span("Sqs.SendMessage");
    assertAwsSpan(send, "Sqs", "SendMessage");
    assertThat(send.getKind()).isEqualTo(SpanKind.PRODUCER);
    assertThat(send.getAttributes().get(DESTINATION)).isEqualTo("orders");
    assertThat(send.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
    SpanData process = span("orders process");
    assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(process.getTraceId()).isEqualTo(send.getTraceId());
    assertThat(process.getParentSpanId()).isEqualTo(send.getSpanId());
    assertThat(span("Sqs.ReceiveMessage").getAttributes().get(DESTINATION)).isEqualTo("orders");
  }

  @Test
  void batchSendPropagatesPerMessage() {
    String queueUrl = sqs.createQueue(b -> b.queueName("batch")).queueUrl();
    sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(
        SendMessageBatchRequestEntry.builder().id("1").messageBody("one").build(),
        SendMessageBatchRequestEntry.builder().id("2").messageBody("two").build()));
    List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
    assertThat(messages).hasSize(2);
    SpanData send = span("Sqs.SendMessageBatch");
    List<SpanData> processed = spans(s -> s.getName().equals("batch process"), 2);
    assertThat(processed).hasSize(2).allSatisfy(p -> assertThat(p.getParentSpanId()).isEqualTo(send.getSpanId()));
  }

  @Test
  void messageWithTenAttributesIsSentUnchanged() {
    String queueUrl = sqs.createQueue(b -> b.queueName("full")).queueUrl();
    Map<String, MessageAttributeValue> ten = new HashMap<>();
    for (int i = 0; i < 10; i++) {
      ten.put("a" + i, MessageAttributeValue.builder().dataType("String").stringValue("v" + i).build());
    }
    sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("full").messageAttributes(ten));
    List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).messageAttributeNames("All").waitTimeSeconds(1))
        .messages();
    assertThat(messages).hasSize(1);
    assertThat(messages.get(0).messageAttributes()).isEqualTo(ten);
    SpanData send = span("Sqs.SendMessage");
    assertThat(send.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(span("full process").getTraceId()).isNotEqualTo(send.getTraceId());
  }

  @Test
  void asyncClientSpanEndsAndDoesNotLeak() {
    try (SqsAsyncClient async = SqsAsyncClient.builder().endpointOverride(sqsUri).region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS).build()) {
      String queueUrl = async.createQueue(b -> b.queueName("async")).join().queueUrl();
      async.sendMessage(b -> b.queueUrl(queueUrl).messageBody("hi")).join();
      assertThat(Span.current().getSpanContext().isValid()).isFalse();
    }
    SpanData send = span("Sqs.SendMessage");
    assertThat(send.getKind()).isEqualTo(SpanKind.PRODUCER);
    assertThat(send.getAttributes().get(STATUS)).isEqualTo(200L);
    assertThat(span("Sqs.CreateQueue").getKind()).isEqualTo(SpanKind.CLIENT);
  }

  @Test
  void snsPublishCarriesTheContext() {
    try (SnsClient sns = SnsClient.builder().endpointOverride(endpoint.uri()).region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS).build()) {
      sns.publish(b -> b.topicArn("arn:aws:sns:us-east-1:000000000000:events").message("hello"));
    }
    SpanData publish = span("Sns.Publish");
    assertThat(publish.getKind()).isEqualTo(SpanKind.PRODUCER);
    assertThat(publish.getAttributes().get(DESTINATION)).isEqualTo("events");
    String traceparent = "00-" + publish.getTraceId() + "-" + publish.getSpanId() + "-";
    assertThat(endpoint.bodies).anySatisfy(body -> assertThat(body)
        .contains("MessageAttributes.entry.1.Name=traceparent").contains(traceparent));
  }

  /** SDKs before 2.15.82 do not tell interceptors the endpoint: their spans have no server.address/port. */
  static boolean exposesClientEndpoint() {
    try {
      software.amazon.awssdk.core.interceptor.SdkExecutionAttribute.class.getField("CLIENT_ENDPOINT");
      return true;
    } catch (NoSuchFieldException older) {
      return false;
    }
  }
}
