package dev.tracer.api;

import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * Chooses the sampler, e.g. to drop health checks or keep every error. Found with
 * {@link java.util.ServiceLoader}; when several extensions provide one, each receives the previous result.
 */
public interface SamplerProvider {
  /**
   * The sampler to use; {@code configured} is the one {@code TRACER_SAMPLER} selected (wrap it to keep its
   * decisions). Null keeps {@code configured}. A sampler that throws is reported once and {@code configured}
   * decides instead.
   */
  Sampler createSampler(Sampler configured, ExtensionConfig config);
}
