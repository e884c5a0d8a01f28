package dev.tracer.instrumentation.annotations;

import dev.tracer.bootstrap.Completion;
import dev.tracer.bootstrap.CustomEvent;
import dev.tracer.bootstrap.Dispatch;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Helper classes, defined in the application's class loader: what a traced method's span says, read once per
 * method from its annotations (by name, so one helper serves both annotation packages and unannotated methods
 * named in configuration), and the end of the span, now or when the returned future completes.
 */
public final class TracedMethods {
  static final String WITH_SPAN = "io.opentelemetry.instrumentation.annotations.WithSpan";
  static final String LEGACY_WITH_SPAN = "io.opentelemetry.extension.annotations.WithSpan";
  private static final String SPAN_ATTRIBUTE = "io.opentelemetry.instrumentation.annotations.SpanAttribute";
  private static final String LEGACY_SPAN_ATTRIBUTE = "io.opentelemetry.extension.annotations.SpanAttribute";

  private static final Specs SPECS = new Specs();

  private TracedMethods() {}

  /** {@code method}: its name and descriptor, {@code reserve(Ljava/lang/String;I)I}. */
  public static CustomEvent start(Class<?> type, String method, Object[] arguments) {
    Map<String, Spec> specs = SPECS.get(type);
    Spec spec = specs.get(method);
    if (spec == null) {
      spec = spec(type, method);
      specs.put(method, spec);
    }
    CustomEvent event = CustomEvent.call(WithSpanInstrumentation.NAME, spec.spanName, spec.namespace, spec.method);
    event.kind = spec.kind;
    String[] attributes = spec.attributes;
    if (attributes != null) {
      for (int i = 0; i < attributes.length && i < arguments.length; i++) {
        if (attributes[i] != null) {
          event.attribute(attributes[i], arguments[i]);
        }
      }
    }
    Dispatch.start(event);
    return event;
  }

  /**
   * Ends the span when the method returned or threw; a {@code CompletionStage} or a Reactor publisher ends it when
   * it completes. Returns what the method returns: the same object, or for Reactor the same publisher with the
   * span's end attached.
   */
  public static Object end(CustomEvent event, Object result, Throwable error) {
    if (error != null || result == null) {
      Dispatch.end(event, error);
      return result;
    }
    if (result instanceof CompletionStage) {
      Dispatch.detach(event);
      ((CompletionStage<?>) result).whenComplete(Completion.of(event));
      return result;
    }
    if (isReactor(result.getClass())) {
      Dispatch.detach(event);
      return ReactorResults.endOnTermination(event, result); // loaded only here, where Reactor is
    }
    Dispatch.end(event, null);
    return result;
  }

  /**
   * What the annotations say; where they cannot be read (a signature naming a class missing at run time), the
   * defaults: an INTERNAL span {@code <SimpleClass>.<method>}, still, and no second attempt.
   */
  private static Spec spec(Class<?> type, String method) {
    String namespace = CustomEvent.codeNamespace(type);
    try {
      return new Spec(namespace, declared(type, method));
    } catch (Throwable t) {
      return new Spec(namespace, method.substring(0, method.indexOf('(')));
    }
  }

  /** The method of {@code type} with this name and descriptor (read once per method). */
  static Method declared(Class<?> type, String nameAndDescriptor) {
    for (Method candidate : type.getDeclaredMethods()) {
      if (nameAndDescriptor.startsWith(candidate.getName() + "(")
          && nameAndDescriptor.equals(candidate.getName() + descriptor(candidate))) {
        return candidate;
      }
    }
    throw new IllegalStateException("no method " + nameAndDescriptor + " in " + type.getName());
  }

  private static String descriptor(Method method) {
    StringBuilder text = new StringBuilder("(");
    for (Class<?> parameter : method.getParameterTypes()) {
      descriptor(parameter, text);
    }
    descriptor(method.getReturnType(), text.append(')'));
    return text.toString();
  }

  private static void descriptor(Class<?> type, StringBuilder text) {
    if (type.isArray()) {
      text.append(type.getName().replace('.', '/')); // [I, [Ljava/lang/String;
    } else if (type.isPrimitive()) {
      text.append(type == int.class ? 'I' : type == long.class ? 'J' : type == boolean.class ? 'Z'
          : type == byte.class ? 'B' : type == char.class ? 'C' : type == short.class ? 'S'
          : type == float.class ? 'F' : type == double.class ? 'D' : 'V');
    } else {
      text.append('L').append(type.getName().replace('.', '/')).append(';');
    }
  }

  private static boolean isReactor(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      String name = c.getName();
      if (name.equals(ReactorResults.MONO) || name.equals(ReactorResults.FLUX)) {
        return true;
      }
    }
    return false;
  }

  /** Per declaring class (a ClassValue does not keep the class's loader alive), per method name and descriptor. */
  static final class Specs extends ClassValue<Map<String, Spec>> {
    @Override
    protected Map<String, Spec> computeValue(Class<?> type) {
      return new ConcurrentHashMap<>();
    }
  }

  /**
   * Span name, {@code code.namespace}, kind and attribute names (by parameter) of one method: worked out on its first
   * call, so that a call only copies them.
   */
  static final class Spec {
    final String method;
    final String namespace;
    final String spanName;
    final String kind;
    /** The attribute name of each parameter, null where it is not an attribute; null when none is. */
    final String[] attributes;

    Spec(String namespace, String method) {
      this.method = method;
      this.namespace = namespace;
      this.spanName = CustomEvent.spanName(null, namespace, method);
      this.kind = "INTERNAL";
      this.attributes = null;
    }

    Spec(String namespace, Method method) {
      this.method = method.getName();
      this.namespace = namespace;
      String spanName = null;
      String spanKind = "INTERNAL";
      for (Annotation annotation : method.getDeclaredAnnotations()) {
        String type = annotation.annotationType().getName();
        if (type.equals(WITH_SPAN) || type.equals(LEGACY_WITH_SPAN)) {
          spanName = (String) element(annotation, "value");
          Object kind = element(annotation, "kind");
          if (kind instanceof Enum) {
            spanKind = ((Enum<?>) kind).name();
          }
        }
      }
      this.spanName = CustomEvent.spanName(spanName, namespace, this.method);
      this.kind = spanKind;
      this.attributes = attributes(method);
    }

    private static String[] attributes(Method method) {
      Annotation[][] annotations = method.getParameterAnnotations();
      Parameter[] parameters = method.getParameters();
      String[] names = null;
      for (int i = 0; i < annotations.length && i < parameters.length; i++) {
        for (Annotation annotation : annotations[i]) {
          String type = annotation.annotationType().getName();
          if (type.equals(SPAN_ATTRIBUTE) || type.equals(LEGACY_SPAN_ATTRIBUTE)) {
            Object value = element(annotation, "value");
            String name = value instanceof String && !((String) value).isEmpty() ? (String) value
                : parameters[i].isNamePresent() ? parameters[i].getName() : null; // no name without -parameters
            if (name != null) {
              if (names == null) {
                names = new String[parameters.length];
              }
              names[i] = name;
            }
          }
        }
      }
      return names;
    }

    private static Object element(Annotation annotation, String name) {
      try {
        return annotation.annotationType().getMethod(name).invoke(annotation);
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }
  }
}
