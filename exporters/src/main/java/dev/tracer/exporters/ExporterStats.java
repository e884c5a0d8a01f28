package dev.tracer.exporters;

/** One exporter's counters: every span the queue accepted is, in the end, exported or dropped for each exporter. */
public final class ExporterStats {
  public final String exporter;
  public final long exported;
  public final long dropped;
  public final long exportFailures;

  public ExporterStats(String exporter, long exported, long dropped, long exportFailures) {
    this.exporter = exporter;
    this.exported = exported;
    this.dropped = dropped;
    this.exportFailures = exportFailures;
  }

  @Override
  public String toString() {
    return exporter + ": exported=" + exported + " dropped=" + dropped + " exportFailures=" + exportFailures;
  }
}
