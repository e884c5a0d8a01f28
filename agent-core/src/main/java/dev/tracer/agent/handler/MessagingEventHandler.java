package dev.tracer.agent.handler;

import dev.tracer.api.SpanEventHandler;
import dev.tracer.bootstrap.MessagingEvent;
import dev.tracer.bootstrap.SpanKinds;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Messaging (Kafka, SQS, SNS, RabbitMQ, JMS): PRODUCER {@code <topic> publish}, CONSUMER {@code <topic> process}. A processed
 * message's span is a child of the context its headers carry; several messages handled as one are links.
 */
public final class MessagingEventHandler implements SpanEventHandler<MessagingEvent> {
  static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
  static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation");
  static final AttributeKey<Long> PARTITION = AttributeKey.longKey("messaging.kafka.partition");
  static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.message.offset");
  static final AttributeKey<String> CONSUMER_GROUP = AttributeKey.stringKey("messaging.kafka.consumer.group");
  static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
  static final AttributeKey<String> CLIENT_ID = AttributeKey.stringKey("messaging.client_id");
  static final AttributeKey<Boolean> TEMPORARY = AttributeKey.booleanKey("messaging.destination.temporary");
  static final AttributeKey<Long> BATCH_COUNT = AttributeKey.longKey("messaging.batch.message_count");

  static final String HEADER = "messaging.header.";

  private final ContextPropagators propagators;
  private final HeaderAttributes headers;

  public MessagingEventHandler(ContextPropagators propagators) {
    this(propagators, Redaction.DEFAULT, Collections.emptyList());
  }

  /** {@code headers}: the message header names recorded as {@code messaging.header.<name>}. */
  public MessagingEventHandler(ContextPropagators propagators, Redaction redaction, List<String> headers) {
    this.propagators = propagators;
    this.headers = new HeaderAttributes(HEADER, headers, redaction);
  }

  @Override
  public Class<MessagingEvent> eventType() {
    return MessagingEvent.class;
  }

  @Override
  public SpanKind kind(MessagingEvent event) {
    if (event.kind != null) {
      return Kinds.of(event.kind);
    }
    return MessagingEvent.PUBLISH.equals(event.operation) ? SpanKind.PRODUCER : SpanKind.CONSUMER;
  }

  @Override
  public String spanName(MessagingEvent event) {
    if (event.spanName != null) {
      return event.spanName;
    }
    String destination = event.destination == null ? "(anonymous)" : event.destination;
    return event.operation == null ? destination : destination + " " + event.operation;
  }

  @Override
  public Context parent(MessagingEvent event, Context current) {
    if (event.headers == null || MessagingEvent.PUBLISH.equals(event.operation)) {
      return current;
    }
    Context extracted = MapCarrier.extract(propagators, current, event.headers);
    return Span.fromContext(extracted).getSpanContext().isValid() ? extracted : current;
  }

  @Override
  public void onStart(MessagingEvent event, SpanBuilder span) {
    if (event.system != null) {
      span.setAttribute(SYSTEM, event.system);
    }
    if (event.destination != null) {
      span.setAttribute(DESTINATION, event.destination);
    }
    if (event.operation != null) {
      span.setAttribute(OPERATION, event.operation);
    }
    if (event.temporaryDestination) {
      span.setAttribute(TEMPORARY, true);
    }
    if (event.routingKey != null && event.system != null) {
      // the semantic conventions name it per system: messaging.rabbitmq.destination.routing_key
      span.setAttribute("messaging." + event.system + ".destination.routing_key", event.routingKey);
    }
    if (event.partition >= 0) {
      span.setAttribute(PARTITION, (long) event.partition);
    }
    if (event.offset >= 0) {
      span.setAttribute(OFFSET, event.offset);
    }
    if (event.consumerGroup != null) {
      span.setAttribute(CONSUMER_GROUP, event.consumerGroup);
    }
    if (event.clientId != null) {
      span.setAttribute(CLIENT_ID, event.clientId);
    }
    if (event.messageId != null) {
      span.setAttribute(MESSAGE_ID, event.messageId);
    }
    if (event.batchSize > 0) {
      span.setAttribute(BATCH_COUNT, (long) event.batchSize);
    }
    headers.set(event.capturedHeaders, span::setAttribute);
    if (event.linkHeaders != null) {
      for (Map<String, String> headers : event.linkHeaders) {
        SpanContext linked = Span.fromContext(MapCarrier.extract(propagators, Context.root(), headers)).getSpanContext();
        if (linked.isValid()) {
          span.addLink(linked);
        }
      }
    }
  }

  @Override
  public void onStarted(MessagingEvent event, Span span, Context context) {
    if (MessagingEvent.PUBLISH.equals(event.operation)) {
      event.injectHeaders = MapCarrier.inject(propagators, context);
    }
  }

  @Override
  public void onEnd(MessagingEvent event, Span span) {
    // a publish learns its partition, offset and id when the broker acknowledges
    if (event.partition >= 0) {
      span.setAttribute(PARTITION, (long) event.partition);
    }
    if (event.offset >= 0) {
      span.setAttribute(OFFSET, event.offset);
    }
    if (event.messageId != null) {
      span.setAttribute(MESSAGE_ID, event.messageId);
    }
    if (event.batchSize > 0) {
      span.setAttribute(BATCH_COUNT, (long) event.batchSize);
    }
  }
}
