package dev.tracer.agent.sampling;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;

/**
 * {@code parentbased_errorkeeping}: every span is recorded; a new trace is sampled (exported at once, and the
 * sampled flag propagated downstream) when its id passes the trace-id ratio, otherwise it is only recorded and
 * {@link ErrorKeepingProcessor} exports it when the local root ends if it contains an error. A sampled parent
 * (local or remote) makes the child sampled; an unsampled one leaves the decision to the error check, except a
 * local parent that is not recorded at all (dropped by a ratio-0 rule): its children are dropped too.
 */
public final class ErrorKeepingSampler implements Sampler {
  private static final SamplingResult RECORD_AND_SAMPLE = SamplingResult.create(SamplingDecision.RECORD_AND_SAMPLE);
  private static final SamplingResult RECORD_ONLY = SamplingResult.create(SamplingDecision.RECORD_ONLY);
  private static final SamplingResult DROP = SamplingResult.create(SamplingDecision.DROP);

  private final Sampler ratio;
  private final double fraction;

  public ErrorKeepingSampler(double fraction) {
    this.fraction = fraction;
    this.ratio = Sampler.traceIdRatioBased(fraction);
  }

  @Override
  public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
      Attributes attributes, List<LinkData> parentLinks) {
    Span parentSpan = Span.fromContext(parentContext);
    SpanContext parent = parentSpan.getSpanContext();
    if (parent.isValid()) {
      if (!parent.isRemote() && !(parentSpan instanceof ReadableSpan)) {
        return DROP; // a local parent that was dropped (a TRACER_SAMPLER_RULES ratio 0): excluded means excluded
      }
      return parent.isSampled() ? RECORD_AND_SAMPLE : RECORD_ONLY;
    }
    SamplingDecision byRatio = ratio.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks)
        .getDecision();
    return byRatio == SamplingDecision.RECORD_AND_SAMPLE ? RECORD_AND_SAMPLE : RECORD_ONLY;
  }

  @Override
  public String getDescription() {
    return "ErrorKeepingSampler{fraction=" + fraction + "}";
  }
}
