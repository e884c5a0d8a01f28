package dev.tracer.agent.sampling;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * {@code TRACER_SAMPLER_RULES} in front of the configured sampler: a SERVER span that starts a new trace (no
 * valid parent) is sampled by the first rule matching its {@code url.path} start attribute, which the HTTP
 * server handler sets before the span starts, so before any framework has chosen a route. Ratio 0 drops the
 * trace: no span is recorded, its children are dropped with it (parent-based), and the context sent downstream
 * says not sampled. Any other span, and a path no rule matches, goes to the configured sampler.
 */
public final class RuleSampler implements Sampler {
  static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");

  private final SamplerRules rules;
  private final List<Sampler> byRule = new ArrayList<>();
  private final Sampler fallback;

  /**
   * {@code forRatio}: the sampler of a rule's traces ({@code traceidratio}, or error-keeping with the rule's
   * ratio in place of {@code TRACER_SAMPLER_ARG}); ratio 0 is always {@code always_off}.
   */
  public RuleSampler(SamplerRules rules, Sampler fallback, DoubleFunction<Sampler> forRatio) {
    this.rules = rules;
    this.fallback = fallback;
    for (SamplerRules.Rule rule : rules.rules) {
      byRule.add(rule.ratio == 0.0 ? Sampler.alwaysOff() : forRatio.apply(rule.ratio));
    }
  }

  @Override
  public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
      Attributes attributes, List<LinkData> parentLinks) {
    if (spanKind == SpanKind.SERVER && !Span.fromContext(parentContext).getSpanContext().isValid()) {
      String path = attributes.get(URL_PATH);
      if (path != null) {
        for (int i = 0; i < byRule.size(); i++) {
          if (rules.rules.get(i).matches(path)) {
            return byRule.get(i).shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
          }
        }
      }
    }
    return fallback.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
  }

  @Override
  public String getDescription() {
    return "RuleSampler{rules=" + rules + ", else " + fallback.getDescription() + "}";
  }
}
