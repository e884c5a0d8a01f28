package dev.tracer.agent.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.bootstrap.RpcEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.Collections;
import java.util.HashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Attributes an SDK instrumentation adds that carry a URL (aws.sqs.queue_url) are redacted as url.full is. */
class UrlAttributesTest {
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider provider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  private final Handlers handlers = new Handlers(provider.get("test"), Collections.emptyMap());

  @AfterEach
  void close() {
    provider.close();
  }

  @Test
  void anAttributeNamedUrlNeverKeepsUserInfoOrSignatures() {
    handlers.register(new RpcEventHandler(ContextPropagators.noop(), Redaction.DEFAULT));
    RpcEvent event = new RpcEvent("aws-sdk");
    event.system = "aws-api";
    event.service = "Sqs";
    event.method = "SendMessage";
    event.attributes = new HashMap<>();
    event.attributes.put("aws.sqs.queue_url", "https://key:hunter2@sqs.us-east-1.amazonaws.com/1/orders"
        + "?X-Amz-Signature=hunter2&Action=SendMessage");
    event.attributes.put("aws.s3.bucket", "orders");
    handlers.start(event);
    handlers.end(event);
    SpanData span = exporter.getFinishedSpanItems().get(0);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("aws.sqs.queue_url")))
        .isEqualTo("https://sqs.us-east-1.amazonaws.com/1/orders?X-Amz-Signature=REDACTED&Action=SendMessage");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("aws.s3.bucket"))).isEqualTo("orders");
  }
}
