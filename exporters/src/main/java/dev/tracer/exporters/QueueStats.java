package dev.tracer.exporters;

/** A snapshot of the span queue's counters. */
public final class QueueStats {
  public final long enqueued;
  public final long dropped;
  public final long exported;
  public final long exportFailures;
  public final long depth;
  public final long lastBatchSize;

  public QueueStats(long enqueued, long dropped, long exported, long exportFailures, long depth, long lastBatchSize) {
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
        + " exportFailures=" + exportFailures + " queueDepth=" + depth + " lastBatch=" + lastBatchSize;
  }
}
