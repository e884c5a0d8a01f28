package dev.tracer.instrumentation.opentelemetryapi;

import dev.tracer.bootstrap.ApplicationTracing;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/** Helper: injects and extracts with the agent's propagators, through a map of the fields they read and write. */
public final class ApplicationTextMapPropagator implements TextMapPropagator {
  public static final ApplicationTextMapPropagator INSTANCE = new ApplicationTextMapPropagator();

  @Override
  public Collection<String> fields() {
    try {
      return Collections.unmodifiableList(Arrays.asList(ApplicationTracing.sink().fields()));
    } catch (Throwable t) {
      return Collections.emptyList();
    }
  }

  @Override
  public <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
    if (context == null || setter == null) {
      return;
    }
    Map<String, String> fields = new HashMap<>();
    try {
      ApplicationTracing.sink().inject(Bridge.toAgent(context), fields);
    } catch (Throwable t) {
      return;
    }
    for (Map.Entry<String, String> field : fields.entrySet()) {
      setter.set(carrier, field.getKey(), field.getValue()); // the application's setter: its exceptions are its own
    }
  }

  @Override
  public <C> Context extract(Context context, C carrier, TextMapGetter<C> getter) {
    if (context == null) {
      context = Context.root();
    }
    if (getter == null) {
      return context;
    }
    Map<String, String> fields = new HashMap<>();
    String[] names;
    try {
      names = ApplicationTracing.sink().fields();
    } catch (Throwable t) {
      return context;
    }
    for (String name : names) {
      String value = getter.get(carrier, name);
      if (value != null) {
        fields.put(name, value);
      }
    }
    if (fields.isEmpty()) {
      return context;
    }
    try {
      return new BridgedContext(ApplicationTracing.sink().extract(Bridge.toAgent(context), fields));
    } catch (Throwable t) {
      return context;
    }
  }
}
