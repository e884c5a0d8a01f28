package dev.tracer.exporters;

import dev.tracer.api.AgentLog;
import dev.tracer.api.PipelineStats;
import dev.tracer.bootstrap.InternalThread;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.jctools.queues.MpscArrayQueue;

/**
 * Between span end and export. Application threads only offer to a bounded lock-free queue and return;
 * when it is full the span is dropped and counted. One daemon worker drains batches of {@code batchSize}
 * or every {@code flushInterval}, whichever comes first, and hands them to the exporter.
 */
public final class SpanQueue implements SpanProcessor, PipelineStats {
  private static final long FAILURE_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
  private static final long STATS_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
  /** Beyond the exporter's own timeout, how long the worker waits for an export call to report back. */
  private static final long EXPORT_GRACE_MILLIS = 1000;

  /** Finished spans: the SDK's {@link ReadableSpan}, made {@link SpanData} by the worker, or given SpanData. */
  private final MpscArrayQueue<Object> queue;
  private final int capacity;
  private final SpanExporter exporter;
  private final int batchSize;
  private final long flushIntervalNanos;
  private final long exportTimeoutMillis;
  private final Thread worker;
  /** Sees each drained batch on the worker, before export (span metrics): never on an application thread. */
  private volatile Consumer<List<SpanData>> batchObserver;

  private final LongAdder enqueued = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  /** Of {@link #dropped}: spans whose export failed. */
  private final AtomicLong failedSpans = new AtomicLong();
  private final AtomicLong exported = new AtomicLong();
  private final AtomicLong exportFailures = new AtomicLong();
  private volatile long lastBatchSize;
  private volatile boolean workerSleeping;
  /** Spans the sleeping worker already holds: a batch is full when these plus the queued ones reach its size. */
  private volatile int heldByWorker;
  private volatile boolean stopping;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean shutDown = new AtomicBoolean();
  private final AtomicLong flushRequests = new AtomicLong();
  private volatile long flushesDone;
  private long lastFailureLogNanos = System.nanoTime() - FAILURE_LOG_INTERVAL_NANOS;
  private long failuresSinceLog;
  private long lastStatsLogNanos = System.nanoTime();
  /** An export that outlived its wait: the next batch is dropped rather than piled up behind it. */
  private CompletableResultCode pending;
  /** Set when shutdown stops waiting for the worker: from then on the counters are final. */
  private boolean abandoned;

  public SpanQueue(SpanExporter exporter, int capacity, int batchSize, long flushIntervalMillis, long exportTimeoutMillis) {
    this.exporter = exporter;
    this.capacity = Math.max(2, capacity);
    // jctools rounds up to a power of two; offer() keeps the configured bound
    this.queue = new MpscArrayQueue<>(this.capacity);
    this.batchSize = Math.max(1, batchSize);
    this.flushIntervalNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, flushIntervalMillis));
    this.exportTimeoutMillis = exportTimeoutMillis;
    this.worker = new InternalThread(this::run, "tracer-export");
  }

  /** Called on the export worker with each batch before it is exported; one observer, set before spans flow. */
  public void observeBatches(Consumer<List<SpanData>> observer) {
    this.batchObserver = observer;
  }

  /** Starts the worker lazily, on the first span, so that an idle agent costs no thread. */
  private void ensureStarted() {
    if (!started.get() && started.compareAndSet(false, true)) {
      worker.start();
    }
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    if (!span.getSpanContext().isSampled()) {
      return;
    }
    // the snapshot (an attribute copy) is taken by the worker: an ended span no longer changes
    enqueue(span, span.getName());
  }

  /** Offers one finished span; never blocks. Returns false when it was dropped. */
  public boolean offer(SpanData span) {
    return enqueue(span, span.getName());
  }

  private boolean enqueue(Object span, String name) {
    if (stopping || queue.size() >= capacity || !queue.offer(span)) {
      dropped.increment();
      if (AgentLog.isDebug()) {
        AgentLog.debug("span dropped (queue full or shutting down): " + name);
      }
      return false;
    }
    enqueued.increment();
    ensureStarted();
    if (workerSleeping && queue.size() + heldByWorker >= batchSize) {
      LockSupport.unpark(worker);
    }
    return true;
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  private void run() {
    List<SpanData> batch = new ArrayList<>(batchSize);
    long nextFlush = System.nanoTime() + flushIntervalNanos;
    while (true) {
      long requested = flushRequests.get();
      queue.drain(span -> batch.add(span instanceof ReadableSpan ? ((ReadableSpan) span).toSpanData() : (SpanData) span),
          batchSize - batch.size());
      long now = System.nanoTime();
      if (now - lastStatsLogNanos >= STATS_LOG_INTERVAL_NANOS) {
        lastStatsLogNanos = now;
        AgentLog.debug("spans: " + stats());
      }
      boolean flushAll = stopping || requested != flushesDone;
      if (batch.size() >= batchSize || (!batch.isEmpty() && (now - nextFlush >= 0 || flushAll))) {
        export(batch);
        batch.clear();
        nextFlush = now + flushIntervalNanos;
        continue;
      }
      if (batch.isEmpty() && queue.isEmpty()) {
        if (flushAll) {
          flushesDone = requested;
          if (stopping) {
            return;
          }
        }
        nextFlush = now + flushIntervalNanos;
      }
      heldByWorker = batch.size();
      workerSleeping = true;
      // checked after announcing the sleep, so a producer that filled a batch meanwhile is seen here or unparks us
      if (queue.size() < batchSize - batch.size() && !stopping && flushRequests.get() == flushesDone) {
        LockSupport.parkNanos(this, Math.max(1, nextFlush - System.nanoTime()));
      }
      workerSleeping = false;
    }
  }

  private void export(List<SpanData> batch) {
    lastBatchSize = batch.size();
    Consumer<List<SpanData>> observer = batchObserver;
    if (observer != null) {
      try {
        observer.accept(batch);
      } catch (Throwable t) {
        AgentLog.debug("batch observer failed: " + t);
      }
    }
    boolean ok;
    String why = "";
    if (pending != null && !pending.isDone()) {
      ok = false;
      why = " (the previous export is still running)";
    } else {
      pending = null;
      try {
        CompletableResultCode result = exporter.export(new ArrayList<>(batch));
        result.join(exportTimeoutMillis + EXPORT_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        ok = result.isSuccess();
        if (!result.isDone()) {
          pending = result;
          why = " (no answer within " + exportTimeoutMillis + " ms)";
        } else if (result.getFailureThrowable() != null) {
          why = " (" + result.getFailureThrowable() + ")";
        }
      } catch (Throwable t) {
        ok = false;
        why = " (" + t + ")";
      }
    }
    synchronized (this) {
      if (abandoned) {
        return; // shutdown gave up on this batch and already counted it as dropped
      }
      if (ok) {
        exported.addAndGet(batch.size());
        return;
      }
      exportFailures.incrementAndGet();
      failedSpans.addAndGet(batch.size());
      dropped.add(batch.size());
    }
    failuresSinceLog++;
    long now = System.nanoTime();
    if (now - lastFailureLogNanos >= FAILURE_LOG_INTERVAL_NANOS) {
      AgentLog.warn("export of " + batch.size() + " spans failed" + why + "; failed exports since the last such line: "
          + failuresSinceLog + ", spans dropped so far: " + dropped.sum() + " (repeats are not shown for a minute)");
      lastFailureLogNanos = now;
      failuresSinceLog = 0;
    }
  }

  @Override
  public long enqueued() {
    return enqueued.sum();
  }

  @Override
  public long dropped() {
    return dropped.sum();
  }

  @Override
  public long exported() {
    return exported.get();
  }

  @Override
  public long exportFailures() {
    return exportFailures.get();
  }

  @Override
  public long queueDepth() {
    return queue.size();
  }

  @Override
  public long lastBatchSize() {
    return lastBatchSize;
  }

  public QueueStats stats() {
    return new QueueStats(enqueued.sum(), dropped.sum(), exported.get(), exportFailures.get(), queue.size(), lastBatchSize);
  }

  @Override
  public CompletableResultCode forceFlush() {
    if (!started.get()) {
      return exporter.flush();
    }
    long ticket = flushRequests.incrementAndGet();
    LockSupport.unpark(worker);
    CompletableResultCode result = new CompletableResultCode();
    Thread waiter = new InternalThread(() -> {
      while (flushesDone < ticket && worker.isAlive()) {
        LockSupport.parkNanos(1_000_000);
      }
      result.succeed();
    }, "tracer-flush");
    waiter.start();
    return result;
  }

  /** Exports what is queued, waiting at most {@code timeoutMillis}, then shuts the exporter down. */
  public void shutdown(long timeoutMillis) {
    if (!shutDown.compareAndSet(false, true)) {
      return;
    }
    stopping = true;
    if (started.get()) {
      LockSupport.unpark(worker);
      try {
        worker.join(timeoutMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (worker.isAlive()) {
      // whatever the worker still holds (queued or in its batch) is lost with the JVM: count it, once
      long lost;
      synchronized (this) {
        abandoned = true;
        lost = Math.max(0, enqueued.sum() - exported.get() - failedSpans.get());
        dropped.add(lost);
      }
      AgentLog.warn("export did not finish within " + timeoutMillis + " ms at shutdown; " + lost + " spans left behind");
    }
    try {
      exporter.shutdown().join(Math.min(timeoutMillis, 1000), TimeUnit.MILLISECONDS);
    } catch (Throwable ignored) {
      // exiting anyway
    }
  }

  @Override
  public CompletableResultCode shutdown() {
    shutdown(5000);
    return CompletableResultCode.ofSuccess();
  }
}
