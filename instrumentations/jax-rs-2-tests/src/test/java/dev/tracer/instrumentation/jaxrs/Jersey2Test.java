package dev.tracer.instrumentation.jaxrs;

/** Jersey 2 (javax.ws.rs) on Jetty 9.4 (javax.servlet). */
class Jersey2Test extends JerseyContract {}
