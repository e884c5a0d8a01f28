package dev.tracer.bootstrap;

import java.util.Map;

/**
 * A remote procedure call (gRPC, an AWS SDK operation). The span is named {@code <service>.<method>} (e.g.
 * {@code S3.PutObject}) unless {@link #spanName} is set.
 *
 * <p>Propagation: a client's handler fills {@link #injectHeaders} when the span starts and the advice writes them
 * (gRPC metadata, SQS message attributes); a server's advice copies the incoming headers into {@link #headers}.
 */
public final class RpcEvent extends NetworkEvent {
  /** One of {@link SpanKinds}: CLIENT (default), SERVER, or PRODUCER (e.g. SQS SendMessage). */
  public String kind = SpanKinds.CLIENT;
  /** {@code grpc}, {@code aws-api}. */
  public String system;
  /** {@code package.Service} for gRPC, {@code S3} for AWS. */
  public String service;
  /** {@code Method}, {@code PutObject}. */
  public String method;
  /** Null: built from service and method. */
  public String spanName;
  /** A non-OK outcome without an exception (a gRPC status): the span is marked ERROR. */
  public boolean failed;
  /** Description of a non-OK outcome, may be null. */
  public String statusMessage;
  /** {@code aws.request_id}, known at the end. */
  public String requestId;
  /** {@code cloud.region}. */
  public String region;
  /** More attributes: String, Long/Integer, Double, Boolean or List (of strings) values (e.g. {@code aws.s3.bucket}). */
  public Map<String, Object> attributes;
  /** Client: what the handler wants written into the outgoing request, set when the span starts. */
  public Map<String, String> injectHeaders;
  /** Server: the incoming request's headers. */
  public Map<String, String> headers;
  /**
   * The call includes its transport's request (an SDK calling over HTTP): no HTTP CLIENT span is made inside it,
   * the RPC span is the one span of the call.
   */
  public boolean coversTransport;

  public RpcEvent(String instrumentation) {
    super(instrumentation);
  }
}
