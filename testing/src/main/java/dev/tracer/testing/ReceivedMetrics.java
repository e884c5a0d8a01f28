package dev.tracer.testing;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OTLP metric export requests as a backend received them, decoded with the OpenTelemetry protobuf classes. The
 * agent's metrics are cumulative, so the last request that has a metric holds its totals.
 */
public final class ReceivedMetrics {
  private final List<ExportMetricsServiceRequest> requests;

  ReceivedMetrics(List<ExportMetricsServiceRequest> requests) {
    this.requests = requests;
  }

  public List<ExportMetricsServiceRequest> requests() {
    return requests;
  }

  /** Resource attributes of the last received metric {@code name}, or empty. */
  public Map<String, Object> resource(String name) {
    ResourceMetrics found = lastResourceMetrics(name);
    return found == null ? Collections.emptyMap() : OtlpReceiver.toMap(found.getResource().getAttributesList());
  }

  /** The metric {@code name} as last received, or empty. */
  public Optional<Metric> last(String name) {
    ResourceMetrics found = lastResourceMetrics(name);
    return found == null ? Optional.empty() : found.getScopeMetricsList().stream()
        .flatMap(scope -> scope.getMetricsList().stream()).filter(m -> m.getName().equals(name)).findFirst();
  }

  /** The last point of sum or gauge {@code name} whose attributes include {@code attributes}. */
  public Optional<NumberDataPoint> number(String name, Map<String, Object> attributes) {
    return last(name).flatMap(metric -> {
      List<NumberDataPoint> points = metric.hasSum() ? metric.getSum().getDataPointsList() : metric.getGauge().getDataPointsList();
      return points.stream().filter(p -> matches(p.getAttributesList(), attributes)).findFirst();
    });
  }

  /** The last integer value of sum or gauge {@code name} for {@code attributes}, or -1 when none arrived. */
  public long value(String name, Map<String, Object> attributes) {
    return number(name, attributes).map(NumberDataPoint::getAsInt).orElse(-1L);
  }

  /** The last point of histogram {@code name} whose attributes include {@code attributes}. */
  public Optional<HistogramDataPoint> histogram(String name, Map<String, Object> attributes) {
    return last(name).flatMap(metric -> metric.getHistogram().getDataPointsList().stream()
        .filter(p -> matches(p.getAttributesList(), attributes)).findFirst());
  }

  private static boolean matches(List<io.opentelemetry.proto.common.v1.KeyValue> actual, Map<String, Object> wanted) {
    return OtlpReceiver.toMap(actual).entrySet().containsAll(wanted.entrySet());
  }

  private ResourceMetrics lastResourceMetrics(String name) {
    for (int i = requests.size() - 1; i >= 0; i--) {
      for (ResourceMetrics resourceMetrics : requests.get(i).getResourceMetricsList()) {
        for (ScopeMetrics scope : resourceMetrics.getScopeMetricsList()) {
          for (Metric metric : scope.getMetricsList()) {
            if (metric.getName().equals(name)) {
              return resourceMetrics;
            }
          }
        }
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return requests.toString();
  }
}
