package dev.tracer.instrumentation.executors;

import dev.tracer.bootstrap.InternalThread;
import dev.tracer.testing.AgentTesting;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/** Hands work to a pool from one of the agent's own threads, with a span current there. */
final class AgentThreadProbe {
  private AgentThreadProbe() {}

  static void submitFromAgentThread(ExecutorService pool, Runnable task) throws Exception {
    AtomicReference<Future<?>> submitted = new AtomicReference<>();
    Thread agentThread = new InternalThread(() -> {
      Span span = AgentTesting.tracing().tracer.spanBuilder("agent-work").startSpan();
      try (Scope ignored = span.makeCurrent()) {
        submitted.set(pool.submit(task));
      } finally {
        span.end();
      }
    }, "tracer-test-agent-thread");
    agentThread.start();
    agentThread.join();
    submitted.get().get();
  }
}
