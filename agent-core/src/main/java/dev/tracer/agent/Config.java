package dev.tracer.agent;

import dev.tracer.agent.sampling.SamplerRules;
import dev.tracer.exporters.TlsFiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resolved configuration. Each {@code TRACER_X_Y} variable has a {@code -Dtracer.x.y} property that wins
 * over it, and some have an OpenTelemetry alias that is used when the {@code TRACER_} name is not set. A
 * value that cannot be read gives one warning (variable, rejected value, default used) and the default.
 */
public final class Config {
  public static final List<String> EXPORTERS = Arrays.asList("otlp", "jaeger", "zipkin", "logging", "none", "view");
  /** Where {@code java -jar tracer.jar view} receives OTLP/HTTP by default ({@code TRACER_EXPORTER=view}). */
  public static final String VIEW_ENDPOINT = "http://localhost:4318";
  public static final List<String> SAMPLERS = Arrays.asList("always_on", "always_off", "traceidratio",
      "parentbased_traceidratio", "parentbased_always_on", "parentbased_always_off", "parentbased_errorkeeping");
  public static final List<String> PROPAGATORS = Arrays.asList("tracecontext", "baggage", "b3", "b3multi", "jaeger");
  public static final List<String> OTLP_PROTOCOLS = Arrays.asList("http/protobuf", "grpc");
  /** Spans held for export at most: each may hold up to a few KB, and the queue's array is allocated whole. */
  public static final int MAX_QUEUE_CAPACITY = 1_000_000;
  public static final List<String> METRICS_EXPORTERS = Arrays.asList("otlp", "none");
  public static final List<String> COMPRESSIONS = Arrays.asList("gzip", "none");
  /**
   * OTLP and Zipkin bodies uncompressed by default: gzip sends 7× fewer bytes but more than doubles the export's CPU
   * per span (4.6 against 2.0 µs, ExportBenchmark), beyond the 2 µs budget (README: TLS, compression, retries).
   */
  public static final String DEFAULT_COMPRESSION = "none";

  /** Where a value came from. */
  public enum Source { DEFAULT, VARIABLE, PROPERTY, OTEL_VARIABLE, OTEL_PROPERTY }

  /** One setting as resolved: for the start-up line, the doctor and tests. */
  public static final class Resolved {
    public final String variable;
    public final String value;
    public final Source source;

    Resolved(String variable, String value, Source source) {
      this.variable = variable;
      this.value = value;
      this.source = source;
    }
  }

  /** One OTLP signal as configured: a per-signal value where one is set, else the shared one. */
  public static final class Signal {
    public final String name;
    /** The full URL from {@code OTEL_EXPORTER_OTLP_<SIGNAL>_ENDPOINT}, used as given; null: from the base endpoint. */
    public final String endpoint;
    public final String protocol;
    public final Map<String, String> headers;
    public final long timeoutMillis;
    public final String compression;
    public final TlsFiles tls;

    Signal(String name, String endpoint, String protocol, Map<String, String> headers, long timeoutMillis,
        String compression, TlsFiles tls) {
      this.name = name;
      this.endpoint = endpoint;
      this.protocol = protocol;
      this.headers = headers;
      this.timeoutMillis = timeoutMillis;
      this.compression = compression;
      this.tls = tls;
    }
  }

  private final Map<String, String> env;
  private final Map<String, String> props;
  /** The attach command's own settings, which win over this JVM's ({@link #attached}); empty otherwise. */
  private final Map<String, String> givenEnv;
  private final Map<String, String> givenProps;
  private final List<String> warnings = new ArrayList<>();
  private final Map<String, Resolved> resolved = new LinkedHashMap<>();

  public final boolean enabled;
  public final String serviceName;
  public final Map<String, String> resourceAttributes;
  /** The exporters to build: {@code view} is listed here as {@code otlp} (see {@link #viewExporter}). */
  public final List<String> exporters;
  /** {@code TRACER_EXPORTER} named {@code view}: OTLP/HTTP protobuf to the local viewer. */
  public final boolean viewExporter;
  public final String otlpEndpoint;
  public final boolean otlpEndpointSet;
  public final String otlpProtocol;
  public final Map<String, String> otlpHeaders;
  public final String jaegerEndpoint;
  public final String zipkinEndpoint;
  /** {@code TRACER_OTLP_COMPRESSION}: gzip or none. */
  public final String otlpCompression;
  /** The OTLP settings of one signal, each from its per-signal variable or else the shared one. */
  public final Signal traces;
  public final Signal metrics;
  public final String zipkinCompression;
  public final TlsFiles zipkinTls;
  public final TlsFiles jaegerTls;
  /** Resource attributes not to detect ({@code TRACER_RESOURCE_DISABLED_KEYS}). */
  public final List<String> resourceDisabledKeys;
  public final String sampler;
  public final double samplerArg;
  public final List<String> propagators;
  public final int queueCapacity;
  public final int batchSize;
  public final long flushIntervalMillis;
  public final long exportTimeoutMillis;
  public final List<String> extensions;
  public final Map<String, String> peerServiceMapping;
  public final boolean dbStatementSanitize;
  public final boolean dbCommentPropagation;
  /** The logging context keys of the current trace id, span id and flags (instrumentation log-mdc). */
  public final List<String> logMdcKeys;
  /** Span metrics go over OTLP when this is {@code otlp} and {@code otlp} is a trace exporter. */
  public final String metricsExporter;
  /** Port of the Prometheus endpoint; 0 when it is off. */
  public final int metricsPort;
  public final String metricsHost;
  public final long metricsIntervalMillis;
  /** JVM runtime metrics wherever metrics are exported. */
  public final boolean runtimeMetricsEnabled;
  public final boolean debug;
  // operator controls
  public final SamplerRules samplerRules;
  /** Header names to record, lower-case. */
  public final List<String> captureServerRequestHeaders;
  public final List<String> captureServerResponseHeaders;
  public final List<String> captureClientRequestHeaders;
  public final List<String> captureClientResponseHeaders;
  public final List<String> captureMessagingHeaders;
  /** Names redacted on top of the built-in ones, lower-case. */
  public final List<String> redactHeaders;
  public final List<String> redactQueryParams;
  public final boolean httpTraceResponse;
  /** {@code TRACER_METHODS_INCLUDE}: the well-formed entries, {@code Class[m1,m2]} or {@code Class[*]}, {@code ;} between. */
  public final String methodsInclude;

  public Config(Map<String, String> env, Map<String, String> props) {
    this(env, props, Collections.emptyMap(), Collections.emptyMap());
  }

  private Config(Map<String, String> env, Map<String, String> props, Map<String, String> givenEnv,
      Map<String, String> givenProps) {
    this.givenEnv = givenEnv;
    this.givenProps = withDashedNames(givenProps);
    this.env = overlay(env, givenEnv);
    this.props = overlay(withDashedNames(props), this.givenProps);
    enabled = bool("TRACER_ENABLED", "OTEL_JAVAAGENT_ENABLED", true);
    serviceName = string("TRACER_SERVICE_NAME", "OTEL_SERVICE_NAME", defaultServiceName(props.get("sun.java.command")));
    resourceAttributes = keyValues("TRACER_RESOURCE_ATTRIBUTES", "OTEL_RESOURCE_ATTRIBUTES");
    List<String> listed = oneOfList("TRACER_EXPORTER", "OTEL_TRACES_EXPORTER", EXPORTERS, "logging");
    viewExporter = listed.contains("view");
    exporters = viewExporter ? viewAsOtlp(listed) : listed;
    Resolved endpoint = lookup("TRACER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT");
    otlpEndpointSet = endpoint.source != Source.DEFAULT;
    // view: the viewer's default port, unless TRACER_OTLP_ENDPOINT names another (view --otlp-port)
    otlpEndpoint = url("TRACER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT", VIEW_ENDPOINT);
    String protocol = oneOf("TRACER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL", OTLP_PROTOCOLS, "http/protobuf");
    if (viewExporter && !protocol.equals("http/protobuf")) {
      warnings.add("TRACER_EXPORTER=view sends OTLP/HTTP (the viewer receives no gRPC): "
          + lookup("TRACER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL").variable + "=" + protocol
          + " ignored, using http/protobuf");
      protocol = "http/protobuf";
    }
    otlpProtocol = protocol;
    otlpHeaders = headers("TRACER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_HEADERS");
    jaegerEndpoint = url("TRACER_JAEGER_ENDPOINT", "OTEL_EXPORTER_JAEGER_ENDPOINT", "http://localhost:14268/api/traces");
    zipkinEndpoint = url("TRACER_ZIPKIN_ENDPOINT", "OTEL_EXPORTER_ZIPKIN_ENDPOINT", "http://localhost:9411/api/v2/spans");
    otlpCompression = oneOf("TRACER_OTLP_COMPRESSION", "OTEL_EXPORTER_OTLP_COMPRESSION", COMPRESSIONS,
        DEFAULT_COMPRESSION);
    exportTimeoutMillis = duration("TRACER_EXPORT_TIMEOUT", "OTEL_EXPORTER_OTLP_TIMEOUT", "10s");
    TlsFiles otlpTls = new TlsFiles(file("TRACER_OTLP_CERTIFICATE", "OTEL_EXPORTER_OTLP_CERTIFICATE", true),
        file("TRACER_OTLP_CLIENT_CERTIFICATE", "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE", true),
        file("TRACER_OTLP_CLIENT_KEY", "OTEL_EXPORTER_OTLP_CLIENT_KEY", true));
    traces = signal("TRACES", otlpTls);
    metrics = signal("METRICS", otlpTls);
    zipkinCompression = oneOf("TRACER_ZIPKIN_COMPRESSION", null, COMPRESSIONS, DEFAULT_COMPRESSION);
    zipkinTls = ownTls("ZIPKIN");
    jaegerTls = ownTls("JAEGER");
    resourceDisabledKeys = list("TRACER_RESOURCE_DISABLED_KEYS", "OTEL_RESOURCE_DISABLED_KEYS");
    sampler = oneOf("TRACER_SAMPLER", "OTEL_TRACES_SAMPLER", SAMPLERS, "parentbased_always_on");
    samplerArg = ratio("TRACER_SAMPLER_ARG", "OTEL_TRACES_SAMPLER_ARG", 1.0);
    propagators = oneOfList("TRACER_PROPAGATORS", "OTEL_PROPAGATORS", PROPAGATORS, "tracecontext,baggage");
    queueCapacity = intInRange("TRACER_QUEUE_CAPACITY", null, 2048, 2, MAX_QUEUE_CAPACITY);
    batchSize = intInRange("TRACER_BATCH_SIZE", null, 512, 1, MAX_QUEUE_CAPACITY);
    flushIntervalMillis = duration("TRACER_FLUSH_INTERVAL", null, "1s");
    extensions = list("TRACER_EXTENSIONS", "OTEL_JAVAAGENT_EXTENSIONS");
    peerServiceMapping = keyValues("TRACER_PEER_SERVICE_MAPPING", null);
    dbStatementSanitize = bool("TRACER_DB_STATEMENT_SANITIZE", null, true);
    dbCommentPropagation = bool("TRACER_DB_COMMENT_PROPAGATION", null, false);
    logMdcKeys = names("TRACER_LOG_MDC_KEYS", "trace_id,span_id,trace_flags", 3);
    metricsExporter = oneOf("TRACER_METRICS_EXPORTER", "OTEL_METRICS_EXPORTER", METRICS_EXPORTERS, "otlp");
    metricsPort = port("TRACER_METRICS_PORT");
    metricsHost = host("TRACER_METRICS_HOST", "127.0.0.1");
    metricsIntervalMillis = duration("TRACER_METRICS_INTERVAL", "OTEL_METRIC_EXPORT_INTERVAL", "60s");
    runtimeMetricsEnabled = bool("TRACER_RUNTIME_METRICS_ENABLED", "OTEL_INSTRUMENTATION_RUNTIME_TELEMETRY_ENABLED", true);
    debug = oneOf("TRACER_LOG_LEVEL", null, Arrays.asList("info", "debug"), "info").equals("debug");
    samplerRules = samplerRules("TRACER_SAMPLER_RULES");
    captureServerRequestHeaders = lowerCaseNames("TRACER_CAPTURE_HTTP_SERVER_REQUEST_HEADERS",
        "OTEL_INSTRUMENTATION_HTTP_SERVER_CAPTURE_REQUEST_HEADERS");
    captureServerResponseHeaders = lowerCaseNames("TRACER_CAPTURE_HTTP_SERVER_RESPONSE_HEADERS",
        "OTEL_INSTRUMENTATION_HTTP_SERVER_CAPTURE_RESPONSE_HEADERS");
    captureClientRequestHeaders = lowerCaseNames("TRACER_CAPTURE_HTTP_CLIENT_REQUEST_HEADERS",
        "OTEL_INSTRUMENTATION_HTTP_CLIENT_CAPTURE_REQUEST_HEADERS");
    captureClientResponseHeaders = lowerCaseNames("TRACER_CAPTURE_HTTP_CLIENT_RESPONSE_HEADERS",
        "OTEL_INSTRUMENTATION_HTTP_CLIENT_CAPTURE_RESPONSE_HEADERS");
    captureMessagingHeaders = lowerCaseNames("TRACER_CAPTURE_MESSAGING_HEADERS",
        "OTEL_INSTRUMENTATION_MESSAGING_EXPERIMENTAL_CAPTURE_HEADERS");
    redactHeaders = lowerCaseNames("TRACER_REDACT_HEADERS", null);
    redactQueryParams = lowerCaseNames("TRACER_REDACT_QUERY_PARAMS", null);
    httpTraceResponse = bool("TRACER_HTTP_TRACE_RESPONSE", null, false);
    methodsInclude = methodsInclude("TRACER_METHODS_INCLUDE", "OTEL_INSTRUMENTATION_METHODS_INCLUDE");
  }

  /** {@code view} is {@code otlp} to the viewer: one OTLP exporter, even when both are listed. */
  private List<String> viewAsOtlp(List<String> listed) {
    List<String> exporters = new ArrayList<>();
    for (String exporter : listed) {
      String name = exporter.equals("view") ? "otlp" : exporter;
      if (!exporters.contains(name)) {
        exporters.add(name);
      }
    }
    if (listed.contains("otlp")) {
      warnings.add("TRACER_EXPORTER lists both otlp and view: one OTLP exporter, to TRACER_OTLP_ENDPOINT");
    }
    return Collections.unmodifiableList(exporters);
  }

  /**
   * An instrumentation's property with its name as written, {@code tracer.instrumentation.spring-data.enabled} (the
   * form the OpenTelemetry agent reads too), counts as the property of its variable,
   * {@code tracer.instrumentation.spring.data.enabled}, which it was silently not before.
   */
  private static Map<String, String> withDashedNames(Map<String, String> props) {
    Map<String, String> all = null;
    for (Map.Entry<String, String> property : props.entrySet()) {
      String name = property.getKey();
      if ((name.startsWith("tracer.instrumentation.") || name.startsWith("otel.instrumentation.")) && name.indexOf('-') >= 0) {
        if (all == null) {
          all = new LinkedHashMap<>(props);
        }
        all.putIfAbsent(name.replace('-', '.'), property.getValue());
      }
    }
    return all == null ? props : all;
  }

  public static Config fromSystem() {
    return new Config(System.getenv(), systemProperties());
  }

  private static Map<String, String> systemProperties() {
    Map<String, String> props = new LinkedHashMap<>();
    for (String name : System.getProperties().stringPropertyNames()) {
      props.put(name, System.getProperty(name));
    }
    return props;
  }

  /**
   * The configuration of a running JVM the agent was attached to: the {@code TRACER_*}/{@code OTEL_*} variables
   * and {@code tracer.*}/{@code otel.*} properties of the attach command win over the JVM's own, setting by setting
   * (a variable given to attach wins over the JVM's property of the same setting, too).
   */
  public static Config attached(Map<String, String> givenEnv, Map<String, String> givenProps) {
    return new Config(System.getenv(), systemProperties(), givenEnv, givenProps);
  }

  private static Map<String, String> overlay(Map<String, String> base, Map<String, String> over) {
    if (over.isEmpty()) {
      return base;
    }
    Map<String, String> merged = new LinkedHashMap<>(base);
    merged.putAll(over);
    return merged;
  }

  public List<String> warnings() {
    return Collections.unmodifiableList(warnings);
  }

  public Map<String, Resolved> resolved() {
    return Collections.unmodifiableMap(resolved);
  }

  /** {@code TRACER_INSTRUMENTATION_<NAME>_ENABLED}, alias {@code OTEL_INSTRUMENTATION_<NAME>_ENABLED}. */
  public boolean instrumentationEnabled(String name) {
    String upper = name.toUpperCase(Locale.ROOT).replace('-', '_');
    return bool("TRACER_INSTRUMENTATION_" + upper + "_ENABLED", "OTEL_INSTRUMENTATION_" + upper + "_ENABLED", true);
  }

  /**
   * A setting by name, for instrumentation modules and extensions: one of the table as read and checked above
   * (aliases included), else property, then variable, then default.
   */
  public String get(String variable, String defaultValue) {
    Resolved known = resolved.get(variable);
    if (known != null && known.source != Source.DEFAULT) {
      return known.value;
    }
    return string(variable, null, defaultValue);
  }

  /**
   * {@code TRACER_OTLP_<SIGNAL>_X} (alias {@code OTEL_EXPORTER_OTLP_<SIGNAL>_X}) for endpoint, protocol, headers,
   * timeout, compression and the TLS files; each unset one takes the shared OTLP setting.
   */
  private Signal signal(String signal, TlsFiles shared) {
    String tracer = "TRACER_OTLP_" + signal + "_";
    String otel = "OTEL_EXPORTER_OTLP_" + signal + "_";
    String endpoint = optional(tracer + "ENDPOINT", () -> url(tracer + "ENDPOINT", otel + "ENDPOINT", null));
    String protocol = optional(tracer + "PROTOCOL",
        () -> oneOf(tracer + "PROTOCOL", otel + "PROTOCOL", OTLP_PROTOCOLS, otlpProtocol));
    Map<String, String> signalHeaders = optional(tracer + "HEADERS", () -> headers(tracer + "HEADERS", otel + "HEADERS"));
    if (lookup(tracer + "HEADERS", otel + "HEADERS").value == null) {
      signalHeaders = otlpHeaders;
    }
    long timeout = optional(tracer + "TIMEOUT", () -> read(tracer + "TIMEOUT", otel + "TIMEOUT",
        exportTimeoutMillis + "ms", exportTimeoutMillis, Config::parseDuration));
    String compression = optional(tracer + "COMPRESSION",
        () -> oneOf(tracer + "COMPRESSION", otel + "COMPRESSION", COMPRESSIONS, otlpCompression));
    TlsFiles tls = new TlsFiles(
        orElse(file(tracer + "CERTIFICATE", otel + "CERTIFICATE", false), shared.certificate),
        orElse(file(tracer + "CLIENT_CERTIFICATE", otel + "CLIENT_CERTIFICATE", false), shared.clientCertificate),
        orElse(file(tracer + "CLIENT_KEY", otel + "CLIENT_KEY", false), shared.clientKey));
    return new Signal(signal.toLowerCase(Locale.ROOT), endpoint, protocol, signalHeaders, timeout, compression, tls);
  }

  /** Zipkin's and Jaeger's own files ({@code TRACER_ZIPKIN_CERTIFICATE}...): unset, the JVM's default trust. */
  private TlsFiles ownTls(String exporter) {
    String prefix = "TRACER_" + exporter + "_";
    return new TlsFiles(file(prefix + "CERTIFICATE", null, false), file(prefix + "CLIENT_CERTIFICATE", null, false),
        file(prefix + "CLIENT_KEY", null, false));
  }

  private static TlsFiles.File orElse(TlsFiles.File file, TlsFiles.File fallback) {
    return file != null ? file : fallback;
  }

  /** A file path, read when the exporter is created (where a bad file turns that exporter off); null when unset. */
  private TlsFiles.File file(String variable, String alias, boolean listed) {
    Resolved found = lookup(variable, alias);
    if (found.value == null || found.value.isEmpty()) {
      if (listed) {
        resolved.put(variable, new Resolved(variable, "", Source.DEFAULT));
      }
      return null;
    }
    resolved.put(variable, found);
    return new TlsFiles.File(found.variable, found.value);
  }

  /** A setting that only shows (doctor, start-up line) when it is set: the per-signal forms. */
  private <T> T optional(String variable, java.util.function.Supplier<T> reader) {
    T value = reader.get();
    Resolved entry = resolved.get(variable);
    if (entry != null && entry.source == Source.DEFAULT) {
      resolved.remove(variable);
    }
    return value;
  }

  // ---- lookup ------------------------------------------------------------------------------------------

  static String property(String variable) {
    return variable.toLowerCase(Locale.ROOT).replace('_', '.');
  }

  private Resolved lookup(String variable, String alias) {
    if (!givenEnv.isEmpty() || !givenProps.isEmpty()) {
      Resolved given = lookup(variable, alias, givenEnv, givenProps);
      if (given.value != null) {
        return given;
      }
    }
    return lookup(variable, alias, env, props);
  }

  private static Resolved lookup(String variable, String alias, Map<String, String> env, Map<String, String> props) {
    String value = props.get(property(variable));
    if (value != null) {
      return new Resolved(variable, value.trim(), Source.PROPERTY);
    }
    value = env.get(variable);
    if (value != null) {
      return new Resolved(variable, value.trim(), Source.VARIABLE);
    }
    if (alias != null) {
      value = props.get(property(alias));
      if (value != null) {
        return new Resolved(alias, value.trim(), Source.OTEL_PROPERTY);
      }
      value = env.get(alias);
      if (value != null) {
        return new Resolved(alias, value.trim(), Source.OTEL_VARIABLE);
      }
    }
    return new Resolved(variable, null, Source.DEFAULT);
  }

  private <T> T read(String variable, String alias, String defaultText, T defaultValue, Function<String, T> parse) {
    Resolved found = lookup(variable, alias);
    if (found.value == null || found.value.isEmpty()) {
      resolved.put(variable, new Resolved(variable, defaultText, Source.DEFAULT));
      return defaultValue;
    }
    T value;
    try {
      value = parse.apply(found.value);
    } catch (RuntimeException e) {
      String why = e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
      // header values are credentials: never printed
      String shown = variable.endsWith("_HEADERS") ? "<value not shown>"
          : variable.endsWith("_ENDPOINT") ? Doctor.displayUrl(found.value) : found.value;
      warnings.add(found.variable + "=" + shown + " rejected" + why + ", using the default " + defaultText);
      resolved.put(variable, new Resolved(variable, defaultText, Source.DEFAULT));
      return defaultValue;
    }
    resolved.put(variable, new Resolved(found.variable, found.value, found.source));
    return value;
  }

  // ---- typed readers ------------------------------------------------------------------------------------

  private String string(String variable, String alias, String defaultValue) {
    return read(variable, alias, defaultValue, defaultValue, v -> v);
  }

  private boolean bool(String variable, String alias, boolean defaultValue) {
    return read(variable, alias, String.valueOf(defaultValue), defaultValue, v -> {
      if (v.equalsIgnoreCase("true")) {
        return true;
      }
      if (v.equalsIgnoreCase("false")) {
        return false;
      }
      throw new IllegalArgumentException("not true or false");
    });
  }

  private int positiveInt(String variable, String alias, int defaultValue) {
    return read(variable, alias, String.valueOf(defaultValue), defaultValue, v -> {
      int n;
      try {
        n = Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a whole number");
      }
      if (n <= 0) {
        throw new IllegalArgumentException("must be positive");
      }
      return n;
    });
  }

  private int intInRange(String variable, String alias, int defaultValue, int min, int max) {
    return read(variable, alias, String.valueOf(defaultValue), defaultValue, v -> {
      long n;
      try {
        n = Long.parseLong(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a whole number");
      }
      if (n < min || n > max) {
        throw new IllegalArgumentException("must be between " + min + " and " + max);
      }
      return (int) n;
    });
  }

  /** A TCP port, 1 to 65535; unset (or rejected) is 0: off. */
  private int port(String variable) {
    return read(variable, null, "off", 0, v -> {
      int n;
      try {
        n = Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a port number");
      }
      if (n < 1 || n > 65535) {
        throw new IllegalArgumentException("must be between 1 and 65535");
      }
      return n;
    });
  }

  /** A host name or address to bind to: one word, no scheme or port. */
  private String host(String variable, String defaultValue) {
    return read(variable, null, defaultValue, defaultValue, v -> {
      if (v.contains("/") || v.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("not a host name or address");
      }
      return v;
    });
  }

  private double ratio(String variable, String alias, double defaultValue) {
    return read(variable, alias, String.valueOf(defaultValue), defaultValue, v -> {
      double d;
      try {
        d = Double.parseDouble(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a number");
      }
      if (!(d >= 0.0 && d <= 1.0)) {
        throw new IllegalArgumentException("must be between 0 and 1");
      }
      return d;
    });
  }

  private long duration(String variable, String alias, String defaultText) {
    return read(variable, alias, defaultText, parseDuration(defaultText), Config::parseDuration);
  }

  /**
   * Methods to trace, {@code com.acme.Billing[charge,refund];com.acme.Jobs[*]}: a malformed entry is one line naming
   * the variable and the entry, the others apply. What is kept (and shown by doctor) is the well-formed entries.
   */
  private String methodsInclude(String variable, String alias) {
    Resolved found = lookup(variable, alias);
    if (found.value == null || found.value.isEmpty()) {
      resolved.put(variable, new Resolved(variable, "", Source.DEFAULT));
      return "";
    }
    List<String> kept = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    for (String entry : found.value.split(";")) {
      String trimmed = entry.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      Matcher m = METHOD_ENTRY.matcher(trimmed);
      List<String> methods = new ArrayList<>();
      if (m.matches()) {
        for (String method : m.group(2).split(",")) {
          if (!method.trim().isEmpty()) {
            methods.add(method.trim());
          }
        }
      }
      boolean ok = m.matches() && !methods.isEmpty()
          && methods.stream().allMatch(method -> method.equals("*") || JAVA_NAME.matcher(method).matches());
      if (ok) {
        kept.add(m.group(1) + "[" + String.join(",", methods) + "]");
      } else {
        rejected.add("'" + trimmed + "'");
      }
    }
    String value = String.join(";", kept);
    if (!rejected.isEmpty()) {
      warnings.add(found.variable + ": " + String.join(", ", rejected) + " rejected (not Class[method,...] or Class[*]), "
          + (kept.isEmpty() ? "no method is traced" : "tracing " + value));
    }
    resolved.put(variable, new Resolved(found.variable, value, kept.isEmpty() ? Source.DEFAULT : found.source));
    return value;
  }

  private static final Pattern JAVA_NAME = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*");
  private static final Pattern METHOD_ENTRY = Pattern.compile(
      "([\\p{L}_$][\\p{L}\\p{N}_$]*(?:\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*)\\s*\\[([^\\[\\]]*)\\]");

  /** {@code 250ms}, {@code 1s}, {@code 2m}; a bare number is milliseconds. */
  public static long parseDuration(String text) {
    String v = text.trim().toLowerCase(Locale.ROOT);
    long factor = 1;
    String number = v;
    if (v.endsWith("ms")) {
      number = v.substring(0, v.length() - 2);
    } else if (v.endsWith("s")) {
      factor = 1000;
      number = v.substring(0, v.length() - 1);
    } else if (v.endsWith("m")) {
      factor = 60_000;
      number = v.substring(0, v.length() - 1);
    }
    long n;
    try {
      n = Long.parseLong(number.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a duration like 250ms, 1s or 2m");
    }
    if (n <= 0) {
      throw new IllegalArgumentException("must be positive");
    }
    return n * factor;
  }

  private String oneOf(String variable, String alias, List<String> allowed, String defaultValue) {
    return read(variable, alias, defaultValue, defaultValue, v -> {
      String lower = v.toLowerCase(Locale.ROOT);
      if (!allowed.contains(lower)) {
        throw new IllegalArgumentException("expected one of " + String.join(", ", allowed));
      }
      return lower;
    });
  }

  /** The known names of the list; unknown ones are left out with one line, and only none known gives the default. */
  private List<String> oneOfList(String variable, String alias, List<String> allowed, String defaultValue) {
    return read(variable, alias, defaultValue, splitList(defaultValue), v -> {
      List<String> values = new ArrayList<>();
      List<String> unknown = new ArrayList<>();
      for (String value : splitList(v.toLowerCase(Locale.ROOT))) {
        (allowed.contains(value) ? values : unknown).add(value);
      }
      if (values.isEmpty()) {
        throw new IllegalArgumentException(unknown.isEmpty() ? "empty list"
            : "'" + String.join("', '", unknown) + "' is not one of " + String.join(", ", allowed));
      }
      if (!unknown.isEmpty()) {
        warnings.add(lookup(variable, alias).variable + "=" + v + ": '" + String.join("', '", unknown)
            + "' is not one of " + String.join(", ", allowed) + ", left out; using " + String.join(",", values));
      }
      return values;
    });
  }

  private List<String> list(String variable, String alias) {
    return read(variable, alias, "", Collections.emptyList(), Config::splitList);
  }

  /** A comma list of header or parameter names, lower-case. */
  private List<String> lowerCaseNames(String variable, String alias) {
    return read(variable, alias, "", Collections.emptyList(), v -> {
      List<String> names = new ArrayList<>();
      for (String name : splitList(v)) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!names.contains(lower)) {
          names.add(lower);
        }
      }
      return Collections.unmodifiableList(names);
    });
  }

  /** Bad rules are skipped one by one, one line each; the good ones stay. */
  private SamplerRules samplerRules(String variable) {
    return read(variable, null, "", SamplerRules.NONE, v -> SamplerRules.parse(v, warnings));
  }

  /** Exactly {@code count} distinct names, comma-separated. */
  private List<String> names(String variable, String defaultValue, int count) {
    return read(variable, null, defaultValue, splitList(defaultValue), v -> {
      List<String> values = splitList(v);
      if (values.size() != count || values.stream().distinct().count() != count) {
        throw new IllegalArgumentException("expected " + count + " distinct names");
      }
      return values;
    });
  }

  private String url(String variable, String alias, String defaultValue) {
    return read(variable, alias, defaultValue, defaultValue, v -> {
      if (!(v.startsWith("http://") || v.startsWith("https://"))) {
        throw new IllegalArgumentException("not an http:// or https:// URL");
      }
      try {
        if (new java.net.URI(v).getHost() == null) {
          throw new IllegalArgumentException("no host");
        }
      } catch (java.net.URISyntaxException e) {
        throw new IllegalArgumentException("not a URL: " + e.getReason());
      }
      return v;
    });
  }

  private Map<String, String> keyValues(String variable, String alias) {
    return read(variable, alias, "", Collections.emptyMap(), v -> {
      Map<String, String> map = new LinkedHashMap<>();
      for (String pair : splitList(v)) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("'" + pair + "' is not key=value");
        }
        map.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
      return Collections.unmodifiableMap(map);
    });
  }

  /** HTTP headers {@code k=v,...}: a name is a token, a value has no control characters (a newline would break every request). */
  private Map<String, String> headers(String variable, String alias) {
    return read(variable, alias, "", Collections.emptyMap(), v -> {
      Map<String, String> map = new LinkedHashMap<>();
      for (String pair : splitList(v)) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("a header is not key=value");
        }
        String name = pair.substring(0, eq).trim();
        String value = pair.substring(eq + 1).trim();
        if (name.isEmpty() || !name.chars().allMatch(Config::isTokenChar)) {
          throw new IllegalArgumentException("'" + name + "' is not a header name");
        }
        if (value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
          throw new IllegalArgumentException("the value of " + name + " holds a control character (a newline?)");
        }
        map.put(name, value);
      }
      return Collections.unmodifiableMap(map);
    });
  }

  private static boolean isTokenChar(int c) {
    return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
  }

  /**
   * Lines for {@code TRACER_INSTRUMENTATION_<NAME>_ENABLED} settings that name no instrumentation in {@code known}
   * (a typo turns nothing off, silently otherwise).
   */
  public List<String> unknownInstrumentations(java.util.Collection<String> known) {
    java.util.Set<String> names = new java.util.HashSet<>();
    for (String name : known) {
      names.add(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
    java.util.Set<String> seen = new java.util.TreeSet<>();
    for (String variable : env.keySet()) {
      if (variable.startsWith("TRACER_INSTRUMENTATION_") && variable.endsWith("_ENABLED")) {
        seen.add(variable);
      }
    }
    for (String property : props.keySet()) {
      if (property.startsWith("tracer.instrumentation.") && property.endsWith(".enabled")) {
        seen.add(property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
      }
    }
    List<String> lines = new ArrayList<>();
    for (String variable : seen) {
      String name = variable.substring("TRACER_INSTRUMENTATION_".length(), variable.length() - "_ENABLED".length());
      if (!names.contains(name)) {
        lines.add(variable + " names no instrumentation, ignored; the instrumentations are " + String.join(", ",
            new java.util.TreeSet<>(known)));
      }
    }
    return lines;
  }

  static List<String> splitList(String text) {
    List<String> values = new ArrayList<>();
    for (String part : text.split(",")) {
      String trimmed = part.trim();
      if (!trimmed.isEmpty()) {
        values.add(trimmed);
      }
    }
    return values;
  }

  /** The main class's simple name, or the jar's name without {@code .jar}. */
  static String defaultServiceName(String command) {
    if (command == null || command.trim().isEmpty()) {
      return "unknown_service:java";
    }
    String first = command.trim().split("\\s+")[0];
    if (first.endsWith(".jar")) {
      String name = first.substring(Math.max(first.lastIndexOf('/'), first.lastIndexOf('\\')) + 1);
      return name.substring(0, name.length() - 4);
    }
    return first.substring(first.lastIndexOf('.') + 1);
  }
}
