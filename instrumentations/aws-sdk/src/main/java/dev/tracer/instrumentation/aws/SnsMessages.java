package dev.tracer.instrumentation.aws;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * SNS {@code Publish}: the trace context goes into the message attributes (which SNS hands on to SQS
 * subscribers), unless that would take the message past 10 attributes. Helper class, like
 * {@link TracingInterceptor}.
 */
public final class SnsMessages {
  private SnsMessages() {}

  static SdkRequest beforePublish(SdkRequest request, Map<String, String> inject) {
    if (!(request instanceof PublishRequest) || inject == null || inject.isEmpty()) {
      return request;
    }
    PublishRequest publish = (PublishRequest) request;
    Map<String, MessageAttributeValue> existing = publish.messageAttributes();
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>(existing);
    for (Map.Entry<String, String> header : inject.entrySet()) {
      if (!attributes.containsKey(header.getKey())) {
        attributes.put(header.getKey(),
            MessageAttributeValue.builder().dataType("String").stringValue(header.getValue()).build());
      }
    }
    if (attributes.size() == existing.size() || attributes.size() > SqsMessages.MAX_ATTRIBUTES) {
      return request;
    }
    return publish.toBuilder().messageAttributes(attributes).build();
  }
}
