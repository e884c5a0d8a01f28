package dev.tracer.instrumentation.opentelemetryapi;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerBuilder;

/** Helper (API 1.4 and later): {@code tracerBuilder(name)...build()} on the agent's provider. */
public final class ApplicationTracerBuilder implements TracerBuilder {
  private final String name;
  private String version;
  private String schemaUrl;

  ApplicationTracerBuilder(String name) {
    this.name = name;
  }

  /** As an {@code Object}: the caller's class is also loaded where the API has no {@code TracerBuilder}. */
  public static Object create(String name) {
    return new ApplicationTracerBuilder(name);
  }

  @Override
  public TracerBuilder setSchemaUrl(String url) {
    this.schemaUrl = url;
    return this;
  }

  @Override
  public TracerBuilder setInstrumentationVersion(String instrumentationScopeVersion) {
    this.version = instrumentationScopeVersion;
    return this;
  }

  @Override
  public Tracer build() {
    return ApplicationTracerProvider.tracer(name, version, schemaUrl);
  }
}
