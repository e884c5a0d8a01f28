package dev.tracer.instrumentation.aws;

import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.RpcEvent;
import dev.tracer.bootstrap.SpanKinds;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ClientType;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;

/**
 * One {@link RpcEvent} per API call ({@code S3.PutObject}), from {@code beforeExecution} to
 * {@code afterExecution}/{@code onExecutionFailure}, retries included. A sync call's span is current on the
 * calling thread for the whole call (the SDK's HTTP request is part of it: no second CLIENT span); an async
 * call's span is detached at once and ended on the thread that completes it. SQS and SNS are delegated to
 * {@link SqsMessages} and {@link SnsMessages}, which are only loaded when those services are called.
 *
 * <p>Helper class: defined in the SDK's class loader; uses only the SDK, the JDK and the bootstrap classes.
 * Nothing it throws reaches the SDK.
 */
public final class TracingInterceptor implements ExecutionInterceptor {
  static final ExecutionAttribute<RpcEvent> EVENT = new ExecutionAttribute<>("dev.tracer.event");

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    try {
      if (!Dispatch.active()) {
        return;
      }
      RpcEvent event = new RpcEvent("aws-sdk");
      event.system = "aws-api";
      event.coversTransport = true;
      event.service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
      event.method = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
      Region region = attributes.getAttribute(AwsExecutionAttribute.AWS_REGION);
      if (region != null) {
        event.region = region.id();
      }
      URI endpoint = clientEndpoint(attributes);
      if (endpoint != null) {
        event.serverAddress = endpoint.getHost();
        event.serverPort = endpoint.getPort() > 0 ? endpoint.getPort() : "http".equals(endpoint.getScheme()) ? 80 : 443;
      }
      event.attributes = requestAttributes(event, context.request());
      attributes.putAttribute(EVENT, event);
      Dispatch.start(event);
      if (attributes.getAttribute(SdkExecutionAttribute.CLIENT_TYPE) == ClientType.ASYNC) {
        Dispatch.detach(event);
      }
    } catch (Throwable ignored) {
      // the application comes first
    }
  }

  /** The client's endpoint; null on SDKs older than 2.15.82, which do not expose it to interceptors. */
  private static URI clientEndpoint(ExecutionAttributes attributes) {
    try {
      return attributes.getAttribute(SdkExecutionAttribute.CLIENT_ENDPOINT);
    } catch (NoSuchFieldError older) {
      return null;
    }
  }

  /** What the request says about its target: bucket, table, queue, topic. */
  private static Map<String, Object> requestAttributes(RpcEvent event, SdkRequest request) {
    Map<String, Object> map = new HashMap<>();
    Optional<String> bucket = request.getValueForField("Bucket", String.class);
    bucket.ifPresent(b -> map.put("aws.s3.bucket", b));
    if ("DynamoDb".equals(event.service)) {
      request.getValueForField("TableName", String.class).ifPresent(t -> {
        List<String> names = new ArrayList<>();
        names.add(t);
        map.put("aws.dynamodb.table_names", names);
      });
    } else if ("Sqs".equals(event.service)) {
      request.getValueForField("QueueUrl", String.class).ifPresent(url -> {
        map.put("aws.sqs.queue_url", url);
        map.put("messaging.system", "aws_sqs");
        map.put("messaging.destination.name", SqsMessages.queueName(url));
      });
      if (SqsMessages.isSend(event.method)) {
        event.kind = SpanKinds.PRODUCER;
      }
    } else if ("Sns".equals(event.service)) {
      request.getValueForField("TopicArn", String.class).ifPresent(arn -> {
        map.put("messaging.system", "aws_sns");
        map.put("messaging.destination.name", arn.substring(arn.lastIndexOf(':') + 1));
      });
      if ("Publish".equals(event.method) || "PublishBatch".equals(event.method)) {
        event.kind = SpanKinds.PRODUCER;
      }
    }
    return map.isEmpty() ? null : map;
  }

  @Override
  public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
    SdkRequest request = context.request();
    try {
      RpcEvent event = attributes.getAttribute(EVENT);
      if (event == null) {
        return request;
      }
      if ("Sqs".equals(event.service)) {
        return SqsMessages.beforeSend(request, event.injectHeaders);
      }
      if ("Sns".equals(event.service)) {
        return SnsMessages.beforePublish(request, event.injectHeaders);
      }
    } catch (Throwable ignored) {
      // the request goes out as the application made it
    }
    return request;
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    RpcEvent event = attributes.getAttribute(EVENT);
    if (event == null) {
      return;
    }
    try {
      response(event, context.httpResponse());
      SdkResponse response = context.response();
      if ("Sqs".equals(event.service)) {
        SqsMessages.afterReceive(event, context.request(), response);
      }
    } catch (Throwable ignored) {
      // the span still ends
    }
    Dispatch.end(event, null);
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    RpcEvent event = attributes.getAttribute(EVENT);
    if (event == null) {
      return;
    }
    Throwable error = context.exception();
    try {
      if (context.httpResponse().isPresent()) {
        response(event, context.httpResponse().get());
      }
      if (error instanceof AwsServiceException && event.requestId == null) {
        event.requestId = ((AwsServiceException) error).requestId();
      }
    } catch (Throwable ignored) {
      // the span still ends
    }
    Dispatch.end(event, error);
  }

  private static void response(RpcEvent event, SdkHttpResponse http) {
    if (event.attributes == null) {
      event.attributes = new HashMap<>();
    }
    event.attributes.put("http.response.status_code", (long) http.statusCode());
    Optional<String> id = http.firstMatchingHeader("x-amzn-RequestId");
    if (!id.isPresent()) {
      id = http.firstMatchingHeader("x-amz-request-id");
    }
    id.ifPresent(value -> event.requestId = value);
  }
}
