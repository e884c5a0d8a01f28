package dev.tracer.instrumentation.jaxrs;

/** Jersey 3 (jakarta.ws.rs) on Jetty 12 (ee10). */
class Jersey3Test extends JerseyContract {}
