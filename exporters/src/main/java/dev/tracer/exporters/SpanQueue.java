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
import java.util.Collections;
import java.util.List;
import java.util.Map;
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
 * or every {@code flushInterval}, whichever comes first, and hands each batch to every exporter's own
 * {@link ExporterLane}: one exporter that is slow, failing or blocked drops its own batches, never another's.
 * The exit ({@link #shutdown(long)}) is bounded as a whole: exports, then the exporters' own shutdown.
 */
public final class SpanQueue implements SpanProcessor, PipelineStats {
  private static final long STATS_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  /** Finished spans: the SDK's {@link ReadableSpan}, made {@link SpanData} by the worker, or given SpanData. */
  private final MpscArrayQueue<Object> queue;
  private final int capacity;
  private final List<ExporterLane> lanes = new ArrayList<>();
  private final int batchSize;
  private final long flushIntervalNanos;
  private final long exportTimeoutMillis;
  private final Thread worker;
  /** Sees each drained batch on the worker, before export (span metrics): never on an application thread. */
  private volatile Consumer<List<SpanData>> batchObserver;

  private final LongAdder enqueued = new LongAdder();
  /** Spans the queue itself refused (full, or after shutdown); each exporter counts its own losses. */
  private final LongAdder dropped = new LongAdder();
  private volatile long lastBatchSize;
  private volatile boolean workerSleeping;
  /** Spans the sleeping worker already holds: a batch is full when these plus the queued ones reach its size. */
  private volatile int heldByWorker;
  private volatile boolean stopping;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean shutDown = new AtomicBoolean();
  private final AtomicLong flushRequests = new AtomicLong();
  private volatile long flushesDone;
  private long lastStatsLogNanos = System.nanoTime();

  public SpanQueue(SpanExporter exporter, int capacity, int batchSize, long flushIntervalMillis, long exportTimeoutMillis) {
    this(Exporters.named(exporter), capacity, batchSize, flushIntervalMillis, exportTimeoutMillis);
  }

  /** Each exporter, by its name (for counters and log lines), gets every batch on a lane of its own. */
  public SpanQueue(Map<String, SpanExporter> exporters, int capacity, int batchSize, long flushIntervalMillis,
      long exportTimeoutMillis) {
    this.capacity = Math.max(2, capacity);
    // jctools rounds up to a power of two; offer() keeps the configured bound
    this.queue = new MpscArrayQueue<>(this.capacity);
    this.batchSize = Math.max(1, batchSize);
    this.flushIntervalNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, flushIntervalMillis));
    this.exportTimeoutMillis = exportTimeoutMillis;
    this.worker = new InternalThread(this::run, "tracer-export");
    // each exporter may fall behind by as many spans as the queue holds, then drops its own batches
    for (Map.Entry<String, SpanExporter> exporter : exporters.entrySet()) {
      lanes.add(new ExporterLane(exporter.getKey(), exporter.getValue(), this.capacity, exportTimeoutMillis));
    }
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
    List<SpanData> shared = Collections.unmodifiableList(new ArrayList<>(batch));
    for (ExporterLane lane : lanes) {
      lane.offer(shared);
    }
  }

  @Override
  public long enqueued() {
    return enqueued.sum();
  }

  /** The queue's refusals plus every exporter's own losses. */
  @Override
  public long dropped() {
    long sum = dropped.sum();
    for (ExporterLane lane : lanes) {
      sum += lane.dropped();
    }
    return sum;
  }

  /** Spans the exporters accepted, added up over the exporters. */
  @Override
  public long exported() {
    long sum = 0;
    for (ExporterLane lane : lanes) {
      sum += lane.exported();
    }
    return sum;
  }

  @Override
  public long exportFailures() {
    long sum = 0;
    for (ExporterLane lane : lanes) {
      sum += lane.exportFailures();
    }
    return sum;
  }

  /** Spans the full queue refused (or offered after shutdown): lost for every exporter. */
  public long refused() {
    return dropped.sum();
  }

  /** Per exporter, in the configured order; each one's dropped includes the spans the full queue refused. */
  public List<ExporterStats> exporterStats() {
    List<ExporterStats> stats = new ArrayList<>();
    long refused = dropped.sum();
    for (ExporterLane lane : lanes) {
      stats.add(lane.stats(refused));
    }
    return stats;
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
    return new QueueStats(enqueued.sum(), dropped(), exported(), exportFailures(), queue.size(), lastBatchSize,
        exporterStats());
  }

  @Override
  public CompletableResultCode forceFlush() {
    if (!started.get()) {
      return CompletableResultCode.ofSuccess();
    }
    long ticket = flushRequests.incrementAndGet();
    LockSupport.unpark(worker);
    CompletableResultCode result = new CompletableResultCode();
    Thread waiter = new InternalThread(() -> {
      while (flushesDone < ticket && worker.isAlive()) {
        LockSupport.parkNanos(1_000_000);
      }
      // the worker has handed everything over: wait for each exporter to be through with it
      for (ExporterLane lane : lanes) {
        long batches = lane.batchesIn();
        while (!lane.doneWith(batches)) {
          LockSupport.parkNanos(1_000_000);
        }
      }
      result.succeed();
    }, "tracer-flush");
    waiter.start();
    return result;
  }

  /**
   * Exports what is queued, then shuts the exporters down, all within {@code timeoutMillis}: an exporter that
   * has not finished by then is abandoned with one line (its unexported spans counted as dropped), and the
   * JVM's exit goes on. Every call into an exporter runs on an agent thread, never on the caller's.
   */
  public void shutdown(long timeoutMillis) {
    if (!shutDown.compareAndSet(false, true)) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    stopping = true;
    if (started.get()) {
      LockSupport.unpark(worker);
      try {
        worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // each exporter on a thread of ours: its backlog, then its own shutdown; one that blocks holds no one
    List<Thread> finishers = new ArrayList<>();
    for (ExporterLane lane : lanes) {
      lane.stop();
      Thread finisher = new InternalThread(() -> {
        if (lane.awaitStopped(deadline)) {
          try {
            lane.exporter.shutdown().join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())),
                TimeUnit.MILLISECONDS);
          } catch (Throwable ignored) {
            // exiting anyway
          }
        }
      }, "tracer-exporter-shutdown-" + lane.name);
      finisher.start();
      finishers.add(finisher);
    }
    for (Thread finisher : finishers) {
      try {
        finisher.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    List<String> late = new ArrayList<>();
    for (int i = 0; i < lanes.size(); i++) {
      ExporterLane lane = lanes.get(i);
      boolean exported = lane.awaitStopped(System.nanoTime()) && !worker.isAlive();
      // what the worker did not hand over, or the lane did not export, is dropped for that exporter: once
      long lost = lane.abandon(enqueued.sum() - lane.received());
      if (!exported) {
        late.add(lane.name + " (export unfinished, " + lost + " spans left behind)");
      } else if (finishers.get(i).isAlive()) {
        late.add(lane.name + " (its shutdown did not return)");
      }
    }
    if (!late.isEmpty()) {
      AgentLog.warn("exporters abandoned at exit after " + timeoutMillis + " ms: " + String.join(", ", late));
    }
  }

  @Override
  public CompletableResultCode shutdown() {
    shutdown(5000);
    return CompletableResultCode.ofSuccess();
  }
}
