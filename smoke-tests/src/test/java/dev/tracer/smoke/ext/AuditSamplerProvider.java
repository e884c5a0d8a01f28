package dev.tracer.smoke.ext;

import dev.tracer.api.ExtensionConfig;
import dev.tracer.api.SamplerProvider;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;

/** Keeps the configured sampler's decisions and adds {@code audit.sampler} to every sampled span. */
public class AuditSamplerProvider implements SamplerProvider {
  @Override
  public Sampler createSampler(Sampler configured, ExtensionConfig config) {
    String value = config.get("AUDIT_SAMPLER", "on");
    return new Sampler() {
      @Override
      public SamplingResult shouldSample(Context parent, String traceId, String name, SpanKind kind, Attributes attributes,
          List<LinkData> links) {
        SamplingResult result = configured.shouldSample(parent, traceId, name, kind, attributes, links);
        return SamplingResult.create(result.getDecision(),
            result.getAttributes().toBuilder().put("audit.sampler", value).build());
      }

      @Override
      public String getDescription() {
        return "audit(" + configured.getDescription() + ")";
      }
    };
  }
}
