package dev.tracer.instrumentation.lettuce;

/** The contract against the oldest Lettuce the instrumentation supports (5.1). */
class Lettuce5Test extends LettuceContract {}
