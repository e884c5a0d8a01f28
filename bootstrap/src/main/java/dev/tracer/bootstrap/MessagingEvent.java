package dev.tracer.bootstrap;

import java.util.List;
import java.util.Map;

/**
 * A message sent to or taken from a broker or queue (Kafka, SQS, SNS, RabbitMQ, JMS). The span is named
 * {@code <destination> <operation>}; its kind follows the operation (PRODUCER for publish, CONSUMER otherwise)
 * unless {@link #kind} says otherwise.
 *
 * <p>Propagation: on publish the handler fills {@link #injectHeaders} when the span starts and the advice writes
 * them into the message with the library's API (skipping names the message already carries). On process and
 * receive the advice copies the message's headers into {@link #headers} (the handler extracts the parent from
 * them), or, for several messages handled as one, each message's headers into {@link #linkHeaders}.
 */
public final class MessagingEvent extends NetworkEvent {
  public static final String PUBLISH = "publish";
  public static final String PROCESS = "process";
  public static final String RECEIVE = "receive";

  /** {@code kafka}, {@code aws_sqs}, {@code aws_sns}, {@code rabbitmq}, {@code jms}. */
  public String system;
  /** Topic or queue name. */
  public String destination;
  /**
   * The key the broker routed the message by (an AMQP routing key), null when none: recorded as
   * {@code messaging.<system>.destination.routing_key}.
   */
  public String routingKey;
  /** The destination exists only as long as the connection that made it (a JMS temporary queue or topic). */
  public boolean temporaryDestination;
  /** {@link #PUBLISH}, {@link #PROCESS} or {@link #RECEIVE}. */
  public String operation;
  /** Null: derived from the operation; else one of {@link SpanKinds}. */
  public String kind;
  /** Null: {@code <destination> <operation>}. */
  public String spanName;
  /** Kafka partition, -1 when unknown. */
  public int partition = -1;
  /** Kafka offset, -1 when unknown (on publish the advice sets it when the broker acknowledges). */
  public long offset = -1;
  public String messageId;
  /** Kafka consumer group, null when unknown. */
  public String consumerGroup;
  /** Kafka client id, null when unknown. */
  public String clientId;
  /** Number of messages in a batch publish or receive, 0 when not a batch. */
  public int batchSize;
  /** Publish: what the handler wants written into the message, set when the span starts. */
  public Map<String, String> injectHeaders;
  /** Process/receive of one message: its headers (only the text ones matter). */
  public Map<String, String> headers;
  /** Message headers named by {@link HeaderCapture#messaging()} (text values), null when none were copied. */
  public Map<String, List<String>> capturedHeaders;
  /** Several messages handled as one: each one's headers; each becomes a link. */
  public List<Map<String, String>> linkHeaders;

  public MessagingEvent(String instrumentation) {
    super(instrumentation);
  }
}
