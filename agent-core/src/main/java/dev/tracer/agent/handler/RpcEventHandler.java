package dev.tracer.agent.handler;

import dev.tracer.api.SpanEventHandler;
import dev.tracer.bootstrap.RpcEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Remote procedure calls: CLIENT/SERVER (or PRODUCER) spans named {@code Service.Operation} unless the event names
 * its span. A non-OK status is an error.
 */
public final class RpcEventHandler implements SpanEventHandler<RpcEvent> {
  static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("rpc.system");
  static final AttributeKey<String> SERVICE = AttributeKey.stringKey("rpc.service");
  static final AttributeKey<String> METHOD = AttributeKey.stringKey("rpc.method");
  static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("aws.request_id");
  static final AttributeKey<String> REGION = AttributeKey.stringKey("cloud.region");

  private final ContextPropagators propagators;
  private final Redaction redaction;

  public RpcEventHandler(ContextPropagators propagators) {
    this(propagators, Redaction.DEFAULT);
  }

  public RpcEventHandler(ContextPropagators propagators, Redaction redaction) {
    this.propagators = propagators;
    this.redaction = redaction;
  }

  @Override
  public Class<RpcEvent> eventType() {
    return RpcEvent.class;
  }

  @Override
  public SpanKind kind(RpcEvent event) {
    return event.kind == null ? SpanKind.CLIENT : Kinds.of(event.kind);
  }

  @Override
  public String spanName(RpcEvent event) {
    if (event.spanName != null) {
      return event.spanName;
    }
    String service = event.service == null ? "unknown" : event.service;
    if (event.method == null) {
      return service;
    }
    return service + "." + event.method;
  }

  @Override
  public Context parent(RpcEvent event, Context current) {
    if (event.headers == null || kind(event) != SpanKind.SERVER) {
      return current;
    }
    Context extracted = MapCarrier.extract(propagators, current, event.headers);
    return Span.fromContext(extracted).getSpanContext().isValid() ? extracted : current;
  }

  @Override
  public void onStart(RpcEvent event, SpanBuilder span) {
    if (event.system != null) {
      span.setAttribute(SYSTEM, event.system);
    }
    if (event.service != null) {
      span.setAttribute(SERVICE, event.service);
    }
    if (event.method != null) {
      span.setAttribute(METHOD, event.method);
    }
    if (event.region != null) {
      span.setAttribute(REGION, event.region);
    }
    if (event.attributes != null) {
      span.setAllAttributes(extra(event.attributes));
    }
  }

  /** A call that includes its HTTP request (an SDK's): one span, not two. */
  @Override
  public boolean coversTransport(RpcEvent event) {
    return event.coversTransport;
  }

  @Override
  public void onStarted(RpcEvent event, Span span, Context context) {
    SpanKind kind = kind(event);
    if (kind == SpanKind.CLIENT || kind == SpanKind.PRODUCER) {
      event.injectHeaders = MapCarrier.inject(propagators, context);
    }
  }

  @Override
  public void onEnd(RpcEvent event, Span span) {
    if (event.requestId != null) {
      span.setAttribute(REQUEST_ID, event.requestId);
    }
    if (event.attributes != null) {
      span.setAllAttributes(extra(event.attributes));
    }
    if (event.failed) {
      if (event.statusMessage != null) {
        span.setStatus(StatusCode.ERROR, event.statusMessage);
      } else {
        span.setStatus(StatusCode.ERROR);
      }
    }
  }

  /** An attribute named {@code ...url} (e.g. {@code aws.sqs.queue_url}) is a URL: redacted as {@code url.full} is. */
  private Attributes extra(Map<String, Object> attributes) {
    AttributesBuilder builder = Attributes.builder();
    for (Map.Entry<String, Object> entry : attributes.entrySet()) {
      String key = entry.getKey();
      Object value = entry.getValue();
      if (value instanceof Long || value instanceof Integer || value instanceof Short) {
        builder.put(key, ((Number) value).longValue());
      } else if (value instanceof Double || value instanceof Float) {
        builder.put(key, ((Number) value).doubleValue());
      } else if (value instanceof Boolean) {
        builder.put(key, (Boolean) value);
      } else if (value instanceof List) {
        List<String> strings = new ArrayList<>();
        for (Object item : (List<?>) value) {
          strings.add(String.valueOf(item));
        }
        builder.put(AttributeKey.stringArrayKey(key), strings);
      } else if (value != null && key.regionMatches(true, key.length() - 3, "url", 0, 3)) {
        builder.put(key, HttpUrl.parse(String.valueOf(value), redaction).full);
      } else if (value != null) {
        builder.put(key, String.valueOf(value));
      }
    }
    return builder.build();
  }
}
