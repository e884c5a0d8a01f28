package dev.tracer.instrumentation.lettuce;

/** The contract against the newest Lettuce (7.x), the version the module compiles against. */
class Lettuce7Test extends LettuceContract {}
