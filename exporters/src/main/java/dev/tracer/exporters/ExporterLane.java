package dev.tracer.exporters;

import dev.tracer.api.AgentLog;
import dev.tracer.bootstrap.InternalThread;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One exporter's own line from the span queue: a bounded backlog of batches and a thread of its own that
 * calls the exporter. Every exporter gets every batch; a slow, failing or blocked exporter drops its own
 * batches (counted here) and never delays another's. Each call waits at most the export timeout, then is
 * abandoned with one line.
 */
final class ExporterLane {
  private static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
  /** Beyond the exporter's own timeout, how long the lane waits for an export call to report back. */
  static final long EXPORT_GRACE_MILLIS = 1000;
  private static final List<SpanData> STOP = java.util.Collections.unmodifiableList(new java.util.ArrayList<>());

  final String name;
  final SpanExporter exporter;
  private final long exportTimeoutMillis;
  /** Batches waiting for this exporter, and the spans in them: at most {@link #maxBacklogSpans}. */
  private final LinkedBlockingQueue<List<SpanData>> backlog = new LinkedBlockingQueue<>();
  private final AtomicLong backlogSpans = new AtomicLong();
  private final long maxBacklogSpans;
  private final Thread thread;
  private volatile boolean started;

  /** Spans handed to this exporter (every enqueued span, once delivered). */
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong exported = new AtomicLong();
  /** Spans this exporter lost: its backlog was full, its export failed or was abandoned. */
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong exportFailures = new AtomicLong();
  /** Batches handed over, and batches done with (exported or dropped): a flush waits for the second. */
  private final AtomicLong batchesIn = new AtomicLong();
  private volatile long batchesDone;
  /** When the export call now running started (System.nanoTime), or 0 between calls. */
  private volatile long callStarted;
  /** An export that outlived its wait: the next batch is dropped rather than piled up behind it. */
  private CompletableResultCode pending;
  /** Set when the JVM's exit stopped waiting: from then on the counters are final. */
  private boolean abandoned;
  private long lastFailureLog = System.nanoTime() - LOG_INTERVAL_NANOS;
  private long failuresSinceLog;
  private volatile long lastBehindLog = System.nanoTime() - LOG_INTERVAL_NANOS;

  ExporterLane(String name, SpanExporter exporter, long maxBacklogSpans, long exportTimeoutMillis) {
    this.name = name;
    this.exporter = exporter;
    this.exportTimeoutMillis = exportTimeoutMillis;
    this.maxBacklogSpans = Math.max(1, maxBacklogSpans);
    this.thread = new InternalThread(this::run, "tracer-export-" + name);
  }

  /** From the queue's worker: never blocks; a full backlog drops the batch for this exporter only. */
  void offer(List<SpanData> batch) {
    if (!started) {
      started = true; // only the queue's worker offers: started with the first batch, an idle agent has no thread
      thread.start();
    }
    received.addAndGet(batch.size());
    batchesIn.incrementAndGet();
    // counted in spans, not batches: a short flush interval makes many small batches
    if (backlogSpans.get() + batch.size() > maxBacklogSpans) {
      lost(batch.size());
      batchDone();
      long now = System.nanoTime();
      if (now - lastBehindLog >= LOG_INTERVAL_NANOS) {
        lastBehindLog = now;
        long started = callStarted;
        long runningMillis = started == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(now - started);
        String running = runningMillis <= exportTimeoutMillis ? ""
            : "; its export call has not returned for " + runningMillis + " ms";
        AgentLog.warn("exporter '" + name + "' is behind (" + backlogSpans.get() + " spans waiting)" + running
            + ": its batches are dropped (" + batch.size() + " spans now, " + dropped.get()
            + " so far); the other exporters are not affected"
            + " (repeats are not shown for a minute)");
      }
      return;
    }
    backlogSpans.addAndGet(batch.size());
    backlog.add(batch);
  }

  private void run() {
    while (true) {
      List<SpanData> batch;
      try {
        batch = backlog.take();
      } catch (InterruptedException e) {
        return;
      }
      if (batch == STOP) {
        return;
      }
      backlogSpans.addAndGet(-batch.size());
      export(batch);
      batchDone();
    }
  }

  private synchronized void batchDone() {
    batchesDone++;
  }

  private void export(List<SpanData> batch) {
    boolean ok;
    String why = "";
    if (pending != null && !pending.isDone()) {
      ok = false;
      why = " (the previous export is still running)";
    } else {
      pending = null;
      callStarted = System.nanoTime();
      try {
        CompletableResultCode result = exporter.export(batch);
        result.join(exportTimeoutMillis + EXPORT_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        ok = result.isSuccess();
        if (!result.isDone()) {
          pending = result;
          why = " (no answer within " + exportTimeoutMillis + " ms, abandoned)";
        } else if (result.getFailureThrowable() != null) {
          why = " (" + describe(result.getFailureThrowable()) + ")";
        }
      } catch (Throwable t) {
        ok = false;
        why = " (" + t + ")";
      } finally {
        callStarted = 0;
      }
    }
    synchronized (this) {
      if (abandoned) {
        return; // the exit gave up on this batch and already counted it as dropped
      }
      if (ok) {
        exported.addAndGet(batch.size());
        return;
      }
      exportFailures.incrementAndGet();
      dropped.addAndGet(batch.size());
    }
    failuresSinceLog++;
    long now = System.nanoTime();
    if (now - lastFailureLog >= LOG_INTERVAL_NANOS) {
      AgentLog.warn("exporter '" + name + "': export of " + batch.size() + " spans failed" + why
          + "; failed exports since the last such line: " + failuresSinceLog + ", spans dropped so far: "
          + dropped.get() + " (repeats are not shown for a minute)");
      lastFailureLog = now;
      failuresSinceLog = 0;
    }
  }

  /**
   * Why an export failed, in a few words: the backend's status (the OpenTelemetry exporters' failure carries the
   * response: HTTP status and the start of its body, or the gRPC status), else the cause.
   */
  static String describe(Throwable failure) {
    try {
      Object response = failure.getClass().getMethod("getResponse").invoke(failure);
      if (response instanceof HttpResponse) {
        HttpResponse http = (HttpResponse) response;
        byte[] body = http.getResponseBody();
        String text = body == null || body.length == 0 ? ""
            : ": " + new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        return "the backend answered HTTP " + http.getStatusCode() + text;
      }
      if (response instanceof GrpcResponse) {
        GrpcResponse grpc = (GrpcResponse) response;
        return "the backend answered gRPC " + grpc.getStatusCode()
            + (grpc.getStatusDescription() == null ? "" : ": " + grpc.getStatusDescription());
      }
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // not an exporter's failure with a response: the cause says it
    }
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getMessage() != null && cause.getMessage().equals(cause.getCause().toString())) {
      cause = cause.getCause(); // wrappers that only repeat their cause
    }
    return cause.getMessage() == null && cause.getCause() != null ? cause.getCause().toString() : cause.toString();
  }

  private synchronized void lost(long spans) {
    if (!abandoned) {
      dropped.addAndGet(spans);
    }
  }

  /** Batches handed over so far; {@link #doneWith(long)} tells when this many are through. */
  long batchesIn() {
    return batchesIn.get();
  }

  boolean doneWith(long batches) {
    return batchesDone >= batches || (started && !thread.isAlive());
  }

  /** No more batches: the lane exports its backlog and ends. */
  void stop() {
    backlog.add(STOP);
  }

  /** Waits for the backlog to be exported until the deadline (System.nanoTime); false when it was not. */
  boolean awaitStopped(long deadline) {
    if (!started) {
      return true;
    }
    try {
      long millis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (millis > 0) {
        thread.join(millis);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }

  /**
   * The exit stopped waiting: whatever was delivered and is not exported counts as dropped, once, and the
   * counters are final. {@code undelivered} spans never reached the lane (left in the queue).
   */
  synchronized long abandon(long undelivered) {
    if (abandoned) {
      return 0;
    }
    abandoned = true;
    long lost = Math.max(0, received.get() + undelivered - exported.get() - dropped.get());
    dropped.addAndGet(lost);
    return lost;
  }

  long received() {
    return received.get();
  }

  long exported() {
    return exported.get();
  }

  long dropped() {
    return dropped.get();
  }

  long exportFailures() {
    return exportFailures.get();
  }

  /** {@code refused}: spans the full queue refused, lost for this exporter too. */
  ExporterStats stats(long refused) {
    return new ExporterStats(name, exported.get(), dropped.get() + refused, exportFailures.get());
  }
}
