package dev.tracer.exporters;

/**
 * A snapshot of the span queue's counters. With several exporters, {@code exported}, {@code dropped} and
 * {@code exportFailures} add up the exporters' own counters ({@link #exporters}; {@code dropped} also holds
 * the spans the full queue refused, once each).
 */
public final class QueueStats {
  public final long enqueued;
  public final long dropped;
  public final long exported;
  public final long exportFailures;
  public final long depth;
  public final long lastBatchSize;
  /** Per exporter, in the configured order. */
  public final java.util.List<ExporterStats> exporters;

  public QueueStats(long enqueued, long dropped, long exported, long exportFailures, long depth, long lastBatchSize,
      java.util.List<ExporterStats> exporters) {
    this.exporters = exporters;
    this.enqueued = enqueued;
    this.dropped = dropped;
    this.exported = exported;
    this.exportFailures = exportFailures;
    this.depth = depth;
    this.lastBatchSize = lastBatchSize;
  }

  @Override
  public String toString() {
    return "enqueued=" + enqueued + " exported=" + exported + " dropped=" + dropped
        + " exportFailures=" + exportFailures + " queueDepth=" + depth + " lastBatch=" + lastBatchSize
        + (exporters.size() < 2 ? "" : "; " + exporters.stream().map(String::valueOf)
            .collect(java.util.stream.Collectors.joining("; ")));
  }
}
