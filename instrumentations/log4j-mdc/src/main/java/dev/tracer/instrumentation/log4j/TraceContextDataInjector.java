package dev.tracer.instrumentation.log4j;

import dev.tracer.bootstrap.CurrentTrace;
import java.util.List;
import org.apache.logging.log4j.core.ContextDataInjector;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.util.ReadOnlyStringMap;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.apache.logging.log4j.util.StringMap;

/**
 * Helper class (defined in Log4j's class loader): Log4j's own injector, then the ids of the current span added to
 * the event's context data. Where the data already has a trace id (the application's, or another tracer's), it
 * is left as it is. {@link #rawContextData()} stays the application's {@code ThreadContext}.
 */
public final class TraceContextDataInjector implements ContextDataInjector {
  private final ContextDataInjector delegate;

  private TraceContextDataInjector(ContextDataInjector delegate) {
    this.delegate = delegate;
  }

  public static ContextDataInjector wrap(ContextDataInjector injector) {
    return injector == null || injector instanceof TraceContextDataInjector ? injector
        : new TraceContextDataInjector(injector);
  }

  @Override
  public StringMap injectContextData(List<Property> properties, StringMap reusable) {
    StringMap data = delegate.injectContextData(properties, reusable);
    String[] ids = CurrentTrace.ids();
    if (ids == null) {
      return data;
    }
    String[] keys = CurrentTrace.keys();
    if (data != null && data.containsKey(keys[CurrentTrace.TRACE_ID])) {
      return data;
    }
    // the event's own map can take the ids; any other (the ThreadContext's, shared and frozen) is copied
    StringMap withIds = data != null && data == reusable && !data.isFrozen() ? data
        : data == null ? new SortedArrayStringMap(keys.length) : new SortedArrayStringMap(data);
    for (int i = 0; i < keys.length; i++) {
      withIds.putValue(keys[i], ids[i]);
    }
    return withIds;
  }

  @Override
  public ReadOnlyStringMap rawContextData() {
    return delegate.rawContextData();
  }
}
