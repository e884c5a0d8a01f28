package dev.tracer.agent.sampling;

import dev.tracer.exporters.SpanQueue;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * In front of the {@link SpanQueue} with {@link ErrorKeepingSampler}: sampled spans go straight to the queue;
 * recorded-only spans wait, per trace, until the local root (no parent, or a remote one) ends, and are then
 * offered to the queue when one of them is an error, else dropped. Memory is bounded: at most
 * {@code maxTraces} undecided traces (the oldest is dropped and counted when a new one does not fit, and so is
 * one undecided for longer than {@code maxAgeNanos}: a trace whose root never ends) and
 * {@code maxSpansPerTrace} spans each (further spans are dropped and counted; their errors still count).
 *
 * <p>One short lock per recorded-only span end: an insertion-ordered map makes eviction of the oldest O(1).
 */
public final class ErrorKeepingProcessor implements SpanProcessor {
  public static final int MAX_TRACES = 4096;
  public static final int MAX_SPANS_PER_TRACE = 512;
  public static final long MAX_AGE_NANOS = TimeUnit.MINUTES.toNanos(5);
  /** Decisions remembered for spans that end after their local root (async work). */
  private static final int DECISIONS_REMEMBERED = 4096;

  private final SpanQueue queue;
  private final int maxTraces;
  private final int maxSpansPerTrace;
  private final long maxAgeNanos;

  private final Object lock = new Object();
  private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();
  private final Map<String, Boolean> decided = new LinkedHashMap<String, Boolean>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > DECISIONS_REMEMBERED;
    }
  };
  private long keptForErrors;
  private long droppedWithoutError;
  private long droppedUndecided;
  private long droppedSpans;

  public ErrorKeepingProcessor(SpanQueue queue) {
    this(queue, MAX_TRACES, MAX_SPANS_PER_TRACE, MAX_AGE_NANOS);
  }

  public ErrorKeepingProcessor(SpanQueue queue, int maxTraces, int maxSpansPerTrace, long maxAgeNanos) {
    this.queue = queue;
    this.maxTraces = maxTraces;
    this.maxSpansPerTrace = maxSpansPerTrace;
    this.maxAgeNanos = maxAgeNanos;
  }

  /** One undecided trace. */
  private static final class Pending {
    final long createdNanos;
    final List<SpanData> spans = new ArrayList<>();
    boolean error;

    Pending(long createdNanos) {
      this.createdNanos = createdNanos;
    }
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    SpanContext context = span.getSpanContext();
    if (context.isSampled()) {
      queue.onEnd(span);
      return;
    }
    SpanData data = span.toSpanData();
    boolean error = data.getStatus().getStatusCode() == StatusCode.ERROR;
    SpanContext parent = span.getParentSpanContext();
    boolean localRoot = !parent.isValid() || parent.isRemote();
    String traceId = context.getTraceId();
    long now = System.nanoTime();
    List<SpanData> export = null;
    synchronized (lock) {
      expire(now);
      Pending trace = pending.get(traceId);
      if (trace == null) {
        Boolean earlier = decided.get(traceId);
        if (!localRoot && earlier != null) { // ended after its local root: that decision holds
          if (earlier) {
            export = Collections.singletonList(data);
          } else {
            droppedSpans++;
          }
        } else if (localRoot) { // a local trace of one span
          export = decide(traceId, error, Collections.singletonList(data));
        } else {
          trace = new Pending(now);
          pending.put(traceId, trace);
          expire(now);
        }
      }
      if (trace != null) {
        trace.error |= error;
        if (trace.spans.size() < maxSpansPerTrace || localRoot) {
          trace.spans.add(data);
        } else {
          droppedSpans++;
        }
        if (localRoot) {
          pending.remove(traceId);
          export = decide(traceId, trace.error, trace.spans);
        }
      }
    }
    if (export != null) {
      for (SpanData kept : export) {
        queue.offer(kept);
      }
    }
  }

  private List<SpanData> decide(String traceId, boolean keep, List<SpanData> spans) {
    decided.put(traceId, keep);
    if (keep) {
      keptForErrors++;
      return spans;
    }
    droppedWithoutError++;
    return null;
  }

  /** Drops the oldest undecided traces beyond the bound or the age limit; called under the lock. */
  private void expire(long now) {
    Iterator<Pending> oldest = pending.values().iterator();
    while (oldest.hasNext()) {
      Pending trace = oldest.next();
      if (pending.size() <= maxTraces && now - trace.createdNanos < maxAgeNanos) {
        return;
      }
      oldest.remove();
      droppedUndecided++;
      droppedSpans += trace.spans.size();
    }
  }

  public long keptForErrors() {
    synchronized (lock) {
      return keptForErrors;
    }
  }

  public long droppedUndecided() {
    synchronized (lock) {
      return droppedUndecided;
    }
  }

  public int undecided() {
    synchronized (lock) {
      return pending.size();
    }
  }

  /** For the shutdown line. */
  public String stats() {
    synchronized (lock) {
      return "error-keeping sampler: traces kept for an error=" + keptForErrors + " dropped without error="
          + droppedWithoutError + " dropped undecided=" + droppedUndecided + " spans dropped=" + droppedSpans
          + " undecided now=" + pending.size();
    }
  }

  @Override
  public CompletableResultCode forceFlush() {
    return queue.forceFlush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess(); // the queue is shut down by its owner; undecided traces stay unexported
  }
}
