package dev.tracer.instrumentation.aws;

import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.MessagingEvent;
import dev.tracer.bootstrap.Propagation;
import dev.tracer.bootstrap.RpcEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * SQS propagation in message attributes. A send carries the trace context as String attributes, unless that
 * would take the message past SQS's limit of 10 attributes (then the message goes unchanged: a send never fails
 * because of us). A receive asks for those attributes, and each received message gets a CONSUMER span, child of
 * the sender's. Helper class, like {@link TracingInterceptor}.
 */
public final class SqsMessages {
  /** SQS rejects a message with more message attributes than this. */
  static final int MAX_ATTRIBUTES = 10;

  private SqsMessages() {}

  static boolean isSend(String operation) {
    return "SendMessage".equals(operation) || "SendMessageBatch".equals(operation);
  }

  /** {@code https://sqs.us-east-1.amazonaws.com/123456789012/orders} → {@code orders}. */
  static String queueName(String queueUrl) {
    String url = queueUrl.endsWith("/") ? queueUrl.substring(0, queueUrl.length() - 1) : queueUrl;
    return url.substring(url.lastIndexOf('/') + 1);
  }

  static SdkRequest beforeSend(SdkRequest request, Map<String, String> inject) {
    if (request instanceof ReceiveMessageRequest) {
      return askForContext((ReceiveMessageRequest) request);
    }
    if (inject == null || inject.isEmpty()) {
      return request;
    }
    if (request instanceof SendMessageRequest) {
      SendMessageRequest send = (SendMessageRequest) request;
      Map<String, MessageAttributeValue> attributes = withContext(send.messageAttributes(), inject);
      return attributes == null ? request : send.toBuilder().messageAttributes(attributes).build();
    }
    if (request instanceof SendMessageBatchRequest) {
      SendMessageBatchRequest batch = (SendMessageBatchRequest) request;
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>(batch.entries().size());
      boolean changed = false;
      for (SendMessageBatchRequestEntry entry : batch.entries()) {
        Map<String, MessageAttributeValue> attributes = withContext(entry.messageAttributes(), inject);
        if (attributes == null) {
          entries.add(entry);
        } else {
          entries.add(entry.toBuilder().messageAttributes(attributes).build());
          changed = true;
        }
      }
      return changed ? batch.toBuilder().entries(entries).build() : request;
    }
    return request;
  }

  /** The message's attributes plus the context, or null to leave the message as it is. */
  private static Map<String, MessageAttributeValue> withContext(Map<String, MessageAttributeValue> existing,
      Map<String, String> inject) {
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>(existing);
    for (Map.Entry<String, String> header : inject.entrySet()) {
      if (!attributes.containsKey(header.getKey())) {
        attributes.put(header.getKey(),
            MessageAttributeValue.builder().dataType("String").stringValue(header.getValue()).build());
      }
    }
    if (attributes.size() == existing.size() || attributes.size() > MAX_ATTRIBUTES) {
      return null;
    }
    return attributes;
  }

  /** A receive returns only the attributes it names: add the propagation fields unless it asks for all. */
  private static SdkRequest askForContext(ReceiveMessageRequest request) {
    List<String> names = request.messageAttributeNames();
    if (names.contains("All") || names.contains(".*")) {
      return request;
    }
    List<String> wanted = new ArrayList<>(names);
    for (String field : Propagation.fields()) {
      if (!wanted.contains(field)) {
        wanted.add(field);
      }
    }
    return wanted.size() == names.size() ? request : request.toBuilder().messageAttributeNames(wanted).build();
  }

  /** One CONSUMER span per received message, child of the span that sent it. */
  static void afterReceive(RpcEvent receive, SdkRequest request, SdkResponse response) {
    if (!(response instanceof ReceiveMessageResponse)) {
      return;
    }
    String queue = request instanceof ReceiveMessageRequest ? queueName(((ReceiveMessageRequest) request).queueUrl()) : null;
    List<String> fields = Arrays.asList(Propagation.fields());
    for (Message message : ((ReceiveMessageResponse) response).messages()) {
      MessagingEvent event = new MessagingEvent("aws-sdk");
      event.system = "aws_sqs";
      event.destination = queue;
      event.operation = MessagingEvent.PROCESS;
      event.messageId = message.messageId();
      event.serverAddress = receive.serverAddress;
      event.serverPort = receive.serverPort;
      Map<String, String> headers = new HashMap<>();
      for (Map.Entry<String, MessageAttributeValue> attribute : message.messageAttributes().entrySet()) {
        if (fields.contains(attribute.getKey()) && attribute.getValue().stringValue() != null) {
          headers.put(attribute.getKey(), attribute.getValue().stringValue());
        }
      }
      event.headers = headers;
      Dispatch.start(event);
      Dispatch.end(event, null);
    }
  }
}
