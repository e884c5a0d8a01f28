package dev.tracer.benchmarks.overhead;

/**
 * What one sample of the two services under one mode measured: a launch (start-up), a measured load window
 * (throughput, latency, CPU) or the end of the run (memory, spans); what a sample did not measure is NaN.
 */
final class RunResult {
  /** Launch of front (which starts back) to the first request served end to end. */
  double startupMillis = Double.NaN;
  /** CPU seconds both JVMs used until then. */
  double startupCpuSeconds = Double.NaN;
  double throughput = Double.NaN;
  double p50Millis = Double.NaN;
  double p99Millis = Double.NaN;
  /** VmHWM of both JVMs at the end of the run. */
  double peakRssMb = Double.NaN;
  /** Heap used by both JVMs after warm-up and a full GC. */
  double heapMb = Double.NaN;
  /** CPU milliseconds of both JVMs per request served during the measured load. */
  double cpuMillisPerRequest = Double.NaN;
  /** Of that, the CPU milliseconds of the JIT compiler's threads (side-by-side runs only). */
  double jitCpuMillisPerRequest = Double.NaN;
  double spansPerRequest = Double.NaN;
  long errors;

  double get(Metric metric) {
    switch (metric) {
      case STARTUP:
        return startupMillis;
      case STARTUP_CPU:
        return startupCpuSeconds;
      case THROUGHPUT:
        return throughput;
      case P50:
        return p50Millis;
      case P99:
        return p99Millis;
      case RSS:
        return peakRssMb;
      case HEAP:
        return heapMb;
      case CPU_PER_REQUEST:
        return cpuMillisPerRequest;
      case JIT_CPU_PER_REQUEST:
        return jitCpuMillisPerRequest;
      case CPU_PER_REQUEST_WITHOUT_JIT:
        return cpuMillisPerRequest - jitCpuMillisPerRequest;
      case SPANS:
        return spansPerRequest;
      default:
        throw new IllegalArgumentException(metric.name());
    }
  }

  enum Metric {
    STARTUP("start-up to first served request, ms", 0),
    STARTUP_CPU("CPU used by start-up, s", 2),
    THROUGHPUT("throughput, requests/s", 0),
    P50("latency p50, ms", 2),
    P99("latency p99, ms", 2),
    RSS("peak RSS (VmHWM), MB", 0),
    HEAP("heap used after warm-up + full GC, MB", 1),
    CPU_PER_REQUEST("CPU per request (both JVMs), ms", 3),
    JIT_CPU_PER_REQUEST("of which the JIT compiler's threads, ms", 3),
    CPU_PER_REQUEST_WITHOUT_JIT("CPU per request without the JIT compiler's threads, ms", 3),
    SPANS("spans exported per request", 1);

    final String label;
    final int decimals;

    Metric(String label, int decimals) {
      this.label = label;
      this.decimals = decimals;
    }
  }
}
