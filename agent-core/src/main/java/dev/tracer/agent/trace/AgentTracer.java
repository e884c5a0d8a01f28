package dev.tracer.agent.trace;

import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * The agent's tracer: the SDK's {@link Sampler}, {@link IdGenerator} and {@link SpanProcessor} contracts, its
 * default {@link SpanLimits}, and spans of our own ({@link AgentSpan}) that cost the application's thread less
 * than the SDK's. Extensions' samplers and exporters see exactly what the SDK would give them.
 */
public final class AgentTracer implements Tracer {
  final Sampler sampler;
  final IdGenerator ids = IdGenerator.random();
  final Clock clock = Clock.getDefault();
  final SpanLimits limits = SpanLimits.getDefault();
  final Resource resource;
  final InstrumentationScopeInfo scope;
  final InstrumentationLibraryInfo libraryInfo;
  /** Null when nothing takes finished spans (no exporter): spans still carry the context. */
  final SpanProcessor processor;

  public AgentTracer(Resource resource, Sampler sampler, SpanProcessor processor) {
    this(resource, sampler, processor, InstrumentationScopeInfo.create("dev.tracer"));
  }

  @SuppressWarnings("deprecation")
  private AgentTracer(Resource resource, Sampler sampler, SpanProcessor processor, InstrumentationScopeInfo scope) {
    this.resource = resource;
    this.sampler = sampler;
    this.processor = processor;
    this.scope = scope;
    this.libraryInfo = InstrumentationLibraryInfo.create(scope.getName(), scope.getVersion(), scope.getSchemaUrl());
  }

  /**
   * The same tracer (sampler, processors, resource) under another instrumentation scope: the application's own
   * tracers, named as the application names them.
   */
  public AgentTracer withScope(String name, String version, String schemaUrl) {
    InstrumentationScopeInfo other = InstrumentationScopeInfo.builder(name == null || name.isEmpty() ? "unknown" : name)
        .setVersion(version).setSchemaUrl(schemaUrl).build();
    return new AgentTracer(resource, sampler, processor, other);
  }

  @Override
  public SpanBuilder spanBuilder(String name) {
    return new AgentSpanBuilder(this, name == null || name.trim().isEmpty() ? "<unspecified span name>" : name);
  }
}
