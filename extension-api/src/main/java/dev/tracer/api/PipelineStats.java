package dev.tracer.api;

/**
 * Read-only counters of the agent's span pipeline (finished span → queue → exporters), live: each call reads
 * the current value. With one exporter, every sampled span that ended is, at any moment, exactly one of: queued,
 * being exported, exported or dropped. Each exporter gets every span and counts its own: with several,
 * {@link #exported()}, {@link #dropped()} and {@link #exportFailures()} add up the exporters' counts (a span the
 * full queue refused is counted once). {@link #get()} returns the running agent's counters (all zero when
 * nothing is exported).
 */
public interface PipelineStats {
  /** Spans accepted into the queue. */
  long enqueued();

  /** Spans lost: queue full, pipeline shut down, or their export failed. */
  long dropped();

  /** Spans the exporters accepted. */
  long exported();

  /** Export calls that failed (each drops its whole batch). */
  long exportFailures();

  /** Spans waiting in the queue now. */
  long queueDepth();

  /** Spans in the last export call. */
  long lastBatchSize();

  /** The running agent's pipeline. */
  static PipelineStats get() {
    return Holder.current;
  }

  /** Called by the agent when it starts its pipeline; not for extensions. */
  static void install(PipelineStats stats) {
    Holder.current = stats == null ? Holder.NONE : stats;
  }

  /** Where {@link #get()} reads from. */
  final class Holder {
    static final PipelineStats NONE = new PipelineStats() {
      @Override public long enqueued() { return 0; }
      @Override public long dropped() { return 0; }
      @Override public long exported() { return 0; }
      @Override public long exportFailures() { return 0; }
      @Override public long queueDepth() { return 0; }
      @Override public long lastBatchSize() { return 0; }
    };
    static volatile PipelineStats current = NONE;

    private Holder() {}
  }
}
