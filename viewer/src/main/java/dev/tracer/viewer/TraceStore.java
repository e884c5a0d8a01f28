package dev.tracer.viewer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The traces received, joined by trace id across services, in arrival order. Bounded twice: at most
 * {@code maxSpans} spans and at most {@code maxBytes} of estimated span data; past either the oldest traces are
 * evicted whole, so a flood of spans never takes more than its share of the heap.
 */
final class TraceStore {
  /** One trace: its spans from every service that sent some. */
  static final class Trace {
    final String traceId;
    final List<StoredSpan> spans = new ArrayList<>();
    final Set<String> services = new TreeSet<>();
    long startNanos = Long.MAX_VALUE;
    long endNanos = Long.MIN_VALUE;
    boolean error;
    long bytes;
    /** The store's version when this trace last changed. */
    long version;

    Trace(String traceId) {
      this.traceId = traceId;
    }

    long durationNanos() {
      return endNanos - startNanos;
    }

    /** The span without a parent; else (its root not received yet) the earliest span whose parent is missing. */
    StoredSpan root() {
      StoredSpan root = null;
      for (StoredSpan span : spans) {
        if (span.parentSpanId.isEmpty() && (root == null || span.startNanos < root.startNanos)) {
          root = span;
        }
      }
      if (root != null) {
        return root;
      }
      Set<String> ids = new HashSet<>();
      for (StoredSpan span : spans) {
        ids.add(span.spanId);
      }
      for (StoredSpan span : spans) {
        if (!ids.contains(span.parentSpanId) && (root == null || span.startNanos < root.startNanos)) {
          root = span;
        }
      }
      return root != null ? root : spans.get(0);
    }
  }

  /** What the list page filters on; null or empty fields do not filter. */
  static final class Filter {
    String service;
    String name;
    boolean errorsOnly;
    long minDurationNanos;
    String traceId;

    boolean matches(Trace trace) {
      if (traceId != null && !trace.traceId.equals(traceId)) {
        return false;
      }
      if (service != null && !trace.services.contains(service)) {
        return false;
      }
      if (errorsOnly && !trace.error) {
        return false;
      }
      if (trace.durationNanos() < minDurationNanos) {
        return false;
      }
      if (name != null) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (StoredSpan span : trace.spans) {
          if (contains(span.name, wanted) || contains(span.attribute("http.route"), wanted)
              || contains(span.attribute("url.path"), wanted)) {
            return true;
          }
        }
        return false;
      }
      return true;
    }

    private static boolean contains(String text, String lowerCase) {
      return text != null && text.toLowerCase(Locale.ROOT).contains(lowerCase);
    }
  }

  /** RED numbers of one route: SERVER and CONSUMER spans of one service with one name. */
  static final class Route {
    final String service;
    final String name;
    final int count;
    final int errors;
    final double perSecond;
    final long p50;
    final long p95;
    final long p99;
    final long max;

    Route(String service, String name, long[] durations, int errors, double perSecond) {
      this.service = service;
      this.name = name;
      this.count = durations.length;
      this.errors = errors;
      this.perSecond = perSecond;
      Arrays.sort(durations);
      this.p50 = percentile(durations, 0.50);
      this.p95 = percentile(durations, 0.95);
      this.p99 = percentile(durations, 0.99);
      this.max = durations[durations.length - 1];
    }

    /** Nearest-rank percentile. */
    static long percentile(long[] sorted, double p) {
      int rank = (int) Math.ceil(p * sorted.length);
      return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
  }

  private final int maxSpans;
  private final long maxBytes;
  private final LinkedHashMap<String, Trace> traces = new LinkedHashMap<>();
  private int spans;
  private long bytes;
  private long version;
  private long evictedTraces;
  private long evictedSpans;

  TraceStore(int maxSpans, long maxBytes) {
    this.maxSpans = maxSpans;
    this.maxBytes = maxBytes;
  }

  synchronized void add(List<StoredSpan> received) {
    if (received.isEmpty()) {
      return;
    }
    version++;
    for (StoredSpan span : received) {
      Trace trace = traces.computeIfAbsent(span.traceId, Trace::new);
      trace.spans.add(span);
      trace.services.add(span.service);
      trace.startNanos = Math.min(trace.startNanos, span.startNanos);
      trace.endNanos = Math.max(trace.endNanos, span.endNanos);
      trace.error |= span.error();
      trace.bytes += span.bytes;
      trace.version = version;
      spans++;
      bytes += span.bytes;
    }
    Iterator<Trace> oldest = traces.values().iterator();
    while ((spans > maxSpans || bytes > maxBytes) && oldest.hasNext()) {
      Trace evicted = oldest.next();
      oldest.remove();
      spans -= evicted.spans.size();
      bytes -= evicted.bytes;
      evictedTraces++;
      evictedSpans += evicted.spans.size();
    }
  }

  /** One line of the list, taken under the store's lock (the trace itself may grow while the page is answered). */
  static final class Summary {
    final String traceId;
    final String service;
    final String name;
    final long startNanos;
    final long durationNanos;
    final int spans;
    final boolean error;
    final List<String> services;

    Summary(Trace trace) {
      StoredSpan root = trace.root();
      this.traceId = trace.traceId;
      this.service = root.service;
      this.name = root.name;
      this.startNanos = trace.startNanos;
      this.durationNanos = trace.durationNanos();
      this.spans = trace.spans.size();
      this.error = trace.error;
      this.services = new ArrayList<>(trace.services);
    }
  }

  /** Matching traces, newest (by start) first, at most {@code limit}; {@code total[0]} gets how many matched. */
  synchronized List<Summary> list(Filter filter, int limit, int[] total) {
    List<Trace> matched = new ArrayList<>();
    for (Trace trace : traces.values()) {
      if (filter.matches(trace)) {
        matched.add(trace);
      }
    }
    total[0] = matched.size();
    matched.sort(Comparator.comparingLong((Trace t) -> t.startNanos).reversed());
    List<Summary> listed = new ArrayList<>();
    for (Trace trace : matched.subList(0, Math.min(limit, matched.size()))) {
      listed.add(new Summary(trace));
    }
    return listed;
  }

  /** A copy of one trace's spans (null when unknown or evicted). */
  synchronized Trace trace(String traceId) {
    Trace trace = traces.get(traceId);
    if (trace == null) {
      return null;
    }
    Trace copy = new Trace(trace.traceId);
    copy.spans.addAll(trace.spans);
    copy.services.addAll(trace.services);
    copy.startNanos = trace.startNanos;
    copy.endNanos = trace.endNanos;
    copy.error = trace.error;
    copy.version = trace.version;
    return copy;
  }

  /** Service name → the span names seen in it (for the filters). */
  synchronized Map<String, Set<String>> services() {
    Map<String, Set<String>> services = new TreeMap<>();
    for (Trace trace : traces.values()) {
      for (StoredSpan span : trace.spans) {
        Set<String> names = services.computeIfAbsent(span.service, s -> new TreeSet<>());
        if (names.size() < 200) {
          names.add(span.name);
        }
      }
    }
    return services;
  }

  /** Rate, errors and duration percentiles per route, from the SERVER and CONSUMER spans held. */
  synchronized List<Route> routes() {
    Map<String, List<StoredSpan>> byRoute = new HashMap<>();
    for (Trace trace : traces.values()) {
      for (StoredSpan span : trace.spans) {
        if (span.kind == StoredSpan.KIND_SERVER || span.kind == StoredSpan.KIND_CONSUMER) {
          byRoute.computeIfAbsent(span.service + '\n' + span.name, k -> new ArrayList<>()).add(span);
        }
      }
    }
    List<Route> routes = new ArrayList<>();
    for (List<StoredSpan> spansOfRoute : byRoute.values()) {
      long[] durations = new long[spansOfRoute.size()];
      int errors = 0;
      long first = Long.MAX_VALUE;
      long last = Long.MIN_VALUE;
      for (int i = 0; i < durations.length; i++) {
        StoredSpan span = spansOfRoute.get(i);
        durations[i] = span.durationNanos();
        errors += span.error() || isServerError(span) ? 1 : 0;
        first = Math.min(first, span.startNanos);
        last = Math.max(last, span.endNanos);
      }
      // over the time the held spans cover, at least one second
      double seconds = Math.max(1.0, (last - first) / 1e9);
      StoredSpan any = spansOfRoute.get(0);
      routes.add(new Route(any.service, any.name, durations, errors, durations.length / seconds));
    }
    routes.sort(Comparator.comparing((Route r) -> r.service).thenComparing(r -> r.name));
    return routes;
  }

  private static boolean isServerError(StoredSpan span) {
    String status = span.attribute("http.response.status_code");
    return status != null && status.length() == 3 && status.charAt(0) == '5';
  }

  synchronized long version() {
    return version;
  }

  synchronized int spanCount() {
    return spans;
  }

  synchronized int traceCount() {
    return traces.size();
  }

  synchronized long bytes() {
    return bytes;
  }

  synchronized long evictedTraces() {
    return evictedTraces;
  }

  synchronized long evictedSpans() {
    return evictedSpans;
  }
}
