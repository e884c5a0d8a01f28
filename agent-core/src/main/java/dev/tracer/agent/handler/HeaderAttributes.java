package dev.tracer.agent.handler;

import io.opentelemetry.api.common.AttributeKey;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Captured headers as span attributes: {@code <prefix><lower-case-name>} string arrays, only for the names the
 * operator listed (the advice may have copied more, e.g. {@code origin} for the trace response), with the
 * values of redacted names replaced by {@code REDACTED}.
 */
final class HeaderAttributes {

  private final String prefix;
  private final Set<String> names;
  private final Redaction redaction;
  private final Map<String, AttributeKey<List<String>>> keys = new ConcurrentHashMap<>();

  HeaderAttributes(String prefix, List<String> names, Redaction redaction) {
    this.prefix = prefix;
    this.names = new LinkedHashSet<>();
    for (String name : names) {
      this.names.add(name.toLowerCase(Locale.ROOT));
    }
    this.redaction = redaction;
  }

  /** {@code capture.set(event.requestHeaders, spanBuilder::setAttribute)}, or a span's. */
  void set(Map<String, List<String>> headers, BiConsumer<AttributeKey<List<String>>, List<String>> attributes) {
    if (headers == null || names.isEmpty()) {
      return;
    }
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      AttributeKey<List<String>> key = key(header.getKey());
      if (key != null) {
        attributes.accept(key, values(header.getKey(), header.getValue()));
      }
    }
  }

  private AttributeKey<List<String>> key(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (!names.contains(lower)) {
      return null;
    }
    return keys.computeIfAbsent(lower, n -> AttributeKey.stringArrayKey(prefix + n));
  }

  private List<String> values(String name, List<String> values) {
    if (!redaction.header(name)) {
      return values;
    }
    return Collections.nCopies(values.size(), Redaction.REDACTED);
  }
}
