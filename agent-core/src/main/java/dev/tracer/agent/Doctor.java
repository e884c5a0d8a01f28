package dev.tracer.agent;

import dev.tracer.agent.handler.Redaction;
import dev.tracer.agent.sampling.SamplerRules;
import dev.tracer.api.InstrumentationModule;
import dev.tracer.exporters.ExportSettings;
import dev.tracer.exporters.TlsFiles;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * {@code java -jar tracer.jar doctor}: what the agent would do in this environment. Prints the resolved
 * configuration and where each value came from, the instrumentations and their state, the extension jars found,
 * and checks that each configured exporter endpoint accepts a TCP connection. Returns 1 when a check fails.
 */
final class Doctor {
  static final int CONNECT_TIMEOUT_MILLIS = 2000;
  private static final String SERVICES = "META-INF/services/dev.tracer.api.";

  private final Config config;
  private final ClassLoader loader;
  private final PrintStream out;
  private final List<String> problems = new ArrayList<>();

  Doctor(Config config, ClassLoader loader, PrintStream out) {
    this.config = config;
    this.loader = loader;
    this.out = out;
  }

  int run() {
    configuration();
    operatorControls();
    List<Extensions.Extension> loaded = extensions();
    instrumentations(loaded);
    endpoints();
    resource();
    out.println();
    if (problems.isEmpty()) {
      out.println("no problems found");
      return 0;
    }
    out.println(problems.size() + " problem(s):");
    for (String problem : problems) {
      out.println("  " + problem);
    }
    return 1;
  }

  private void configuration() {
    out.println("configuration (a -Dtracer.* property wins over the TRACER_* variable, which wins over the OTel alias):");
    for (Config.Resolved setting : config.resolved().values()) {
      String value = setting.value == null ? "" : setting.value;
      if (setting.variable.contains("OTLP_") && setting.variable.endsWith("_HEADERS") && !value.isEmpty()) {
        value = maskValues(value); // headers carry credentials
      } else if (setting.variable.endsWith("_ENDPOINT")) {
        value = displayUrl(value); // so may a URL's user-info and query
      }
      out.println(String.format(Locale.ROOT, "  %-40s %-40s %s", name(setting), value, source(setting)));
    }
    for (String warning : config.warnings()) {
      out.println("  warning: " + (warning.contains("_ENDPOINT=") ? displayUrl(warning) : warning));
    }
  }

  /** The rules, capture lists and redaction lists as the agent parsed them (not as they were typed). */
  private void operatorControls() {
    out.println();
    out.println("operator controls:");
    if (config.samplerRules.isEmpty()) {
      out.println("  sampler rules: none (every request: TRACER_SAMPLER=" + config.sampler + ")");
    } else {
      out.println("  sampler rules (new traces started by a SERVER span, matched on url.path, first match wins;"
          + " else TRACER_SAMPLER=" + config.sampler + "):");
      for (SamplerRules.Rule rule : config.samplerRules.rules) {
        out.println(String.format(Locale.ROOT, "    %-40s %s", rule.glob,
            rule.ratio == 0.0 ? "0 (not traced)" : String.valueOf(rule.ratio)));
      }
    }
    Redaction redaction = new Redaction(config.redactHeaders, config.redactQueryParams);
    captured("http server request headers", config.captureServerRequestHeaders, redaction);
    captured("http server response headers", config.captureServerResponseHeaders, redaction);
    captured("http client request headers", config.captureClientRequestHeaders, redaction);
    captured("http client response headers", config.captureClientResponseHeaders, redaction);
    captured("messaging headers", config.captureMessagingHeaders, redaction);
    out.println("  headers always REDACTED:      " + String.join(", ", redaction.headers()));
    out.println("  query parameters REDACTED:    " + String.join(", ", redaction.queryParams()));
    out.println("  trace response:               " + (config.httpTraceResponse
        ? "on (server responses carry traceresponse)" : "off"));
  }

  private void captured(String what, List<String> names, Redaction redaction) {
    List<String> shown = new ArrayList<>();
    for (String name : names) {
      shown.add(redaction.header(name) ? name + " (REDACTED)" : name);
    }
    out.println(String.format(Locale.ROOT, "  %-30s%s", "captured " + what + ":", shown.isEmpty() ? "none" : String.join(", ", shown)));
  }

  /**
   * A URL as it may be shown: no user-info ({@code user:password@}), query values as {@code ***}. Also applied to
   * text holding a URL (a warning line): what follows {@code //} up to the first {@code @} of the authority.
   */
  static String displayUrl(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String shown = text;
    int scheme = shown.indexOf("//");
    if (scheme >= 0) {
      int authorityEnd = scheme + 2;
      while (authorityEnd < shown.length() && "/?# ".indexOf(shown.charAt(authorityEnd)) < 0) {
        authorityEnd++;
      }
      int at = shown.lastIndexOf('@', authorityEnd - 1);
      if (at > scheme) {
        shown = shown.substring(0, scheme + 2) + shown.substring(at + 1);
      }
    }
    int query = shown.indexOf('?');
    if (query >= 0) {
      int end = query + 1;
      while (end < shown.length() && "# ".indexOf(shown.charAt(end)) < 0) {
        end++;
      }
      List<String> names = new ArrayList<>();
      for (String pair : shown.substring(query + 1, end).split("&")) {
        int eq = pair.indexOf('=');
        names.add((eq < 0 ? pair : pair.substring(0, eq)) + "=***");
      }
      shown = shown.substring(0, query + 1) + String.join("&", names) + shown.substring(end);
    }
    return shown;
  }

  /** The table's variable name (an alias only shows in the source column). */
  private static String name(Config.Resolved setting) {
    return setting.variable.startsWith("OTEL_") ? "(" + setting.variable + ")" : setting.variable;
  }

  static String source(Config.Resolved setting) {
    switch (setting.source) {
      case PROPERTY:
        return "from property -D" + Config.property(setting.variable);
      case VARIABLE:
        return "from variable " + setting.variable;
      case OTEL_PROPERTY:
        return "from OTel alias property -D" + Config.property(setting.variable);
      case OTEL_VARIABLE:
        return "from OTel alias variable " + setting.variable;
      case DEFAULT:
      default:
        return "default";
    }
  }

  private static String maskValues(String keyValues) {
    List<String> masked = new ArrayList<>();
    for (String pair : Config.splitList(keyValues)) {
      int eq = pair.indexOf('=');
      masked.add((eq < 0 ? pair : pair.substring(0, eq)) + "=***");
    }
    return String.join(",", masked);
  }

  private void instrumentations(List<Extensions.Extension> extensions) {
    out.println();
    out.println("instrumentations:");
    int count = 0;
    Set<String> shown = new HashSet<>(); // one line per name: several modules may share one (servlet, log-mdc)
    for (InstrumentationModule module : Extensions.services(InstrumentationModule.class, loader, "tracer")) {
      if (shown.add(module.name())) {
        count += instrumentation(module, "");
      }
    }
    for (Extensions.Extension extension : extensions) {
      for (InstrumentationModule module : extension.modules) {
        count += instrumentation(module, " (extension " + extension.name + ")");
      }
    }
    if (count == 0) {
      problems.add("no instrumentation found in the agent");
    }
  }

  private int instrumentation(InstrumentationModule module, String origin) {
    String name;
    try {
      name = module.name();
    } catch (RuntimeException | LinkageError e) {
      problems.add("instrumentation " + module.getClass().getName() + origin + " has no name: " + Extensions.oneLine(e));
      return 0;
    }
    boolean enabled = config.instrumentationEnabled(name);
    String variable = "TRACER_INSTRUMENTATION_" + name.toUpperCase(Locale.ROOT).replace('-', '_') + "_ENABLED";
    Config.Resolved setting = config.resolved().get(variable);
    String state = enabled ? "enabled" : "disabled";
    if (setting != null && setting.source != Config.Source.DEFAULT) {
      state += " by " + setting.variable + "=" + setting.value + " (" + source(setting) + ")";
    }
    out.println(String.format(Locale.ROOT, "  %-20s %s%s", name, state, origin));
    return 1;
  }

  /** Lists the extension jars and loads each that opens, exactly as the agent would. */
  private List<Extensions.Extension> extensions() {
    List<Extensions.Extension> loaded = new ArrayList<>();
    out.println();
    out.println("extensions (TRACER_EXTENSIONS):");
    if (config.extensions.isEmpty()) {
      out.println("  none");
      return loaded;
    }
    for (String path : config.extensions) {
      File file = new File(path);
      if (file.isDirectory()) {
        File[] jars = file.listFiles((dir, name) -> name.endsWith(".jar"));
        if (jars == null || jars.length == 0) {
          out.println("  " + path + ": a folder without jars");
          continue;
        }
        Arrays.sort(jars);
        for (File jar : jars) {
          extension(jar, loaded);
        }
      } else if (file.isFile()) {
        extension(file, loaded);
      } else {
        out.println("  " + path + ": NOT FOUND");
        problems.add("extension " + path + " does not exist");
      }
    }
    return loaded;
  }

  private void extension(File file, List<Extensions.Extension> loaded) {
    try (JarFile jar = new JarFile(file)) {
      List<String> services = new ArrayList<>();
      for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
        String name = entries.nextElement().getName();
        if (name.startsWith(SERVICES) && !name.endsWith("/")) {
          services.add(name.substring(SERVICES.length()));
        }
      }
      if (services.isEmpty()) {
        out.println("  " + file.getPath() + ": jar, no tracer services");
        return;
      }
    } catch (IOException | SecurityException e) {
      out.println("  " + file.getPath() + ": NOT A JAR (" + e.getMessage() + ")");
      problems.add("extension " + file.getPath() + " does not open as a jar: " + e.getMessage());
      return;
    }
    try {
      Extensions.Extension extension = new Extensions.Extension(file.getName(),
          new ExtensionClassLoader(file.getName(), file.toURI().toURL(), loader));
      loaded.add(extension);
      out.println("  " + file.getPath() + ": jar, " + extension.summary());
    } catch (IOException | RuntimeException | LinkageError e) {
      out.println("  " + file.getPath() + ": could not be loaded (" + Extensions.oneLine(e) + ")");
      problems.add("extension " + file.getPath() + " could not be loaded: " + Extensions.oneLine(e));
    }
  }

  private void endpoints() {
    out.println();
    out.println("exporters (TRACER_EXPORTER=" + String.join(",", config.exporters)
        + (config.viewExporter ? ", from view: OTLP/HTTP to the local viewer" : "") + "):");
    ExportSettings settings = ExportConfig.exportSettings(config);
    for (String exporter : config.exporters) {
      switch (exporter) {
        case "otlp":
          String shown = config.viewExporter ? "view" : exporter;
          endpoint(shown + " traces", settings.traces.endpoint);
          exportDetails(settings.traces.protocol + ", compression " + settings.traces.compression + ", timeout "
              + settings.traces.timeoutMillis + " ms", settings.traces.tls, exporter);
          if (ExportConfig.metricsSettings(config).otlp) {
            endpoint(shown + " metrics", settings.metrics.endpoint);
            exportDetails(settings.metrics.protocol + ", compression " + settings.metrics.compression + ", timeout "
                + settings.metrics.timeoutMillis + " ms", settings.metrics.tls, "otlp metrics");
          }
          break;
        case "zipkin":
          endpoint(exporter, settings.zipkinEndpoint);
          exportDetails("compression " + settings.zipkinCompression, settings.zipkinTls, exporter);
          break;
        case "jaeger":
          endpoint(exporter, settings.jaegerEndpoint);
          exportDetails("compression none (Thrift over HTTP)", settings.jaegerTls, exporter);
          break;
        default:
          out.println(String.format(Locale.ROOT, "  %-8s %s", exporter,
              "logging".equals(exporter) ? "standard error" : "nothing exported"));
      }
    }
  }

  private void endpoint(String what, String endpoint) {
    String failure = connect(endpoint);
    out.println(String.format(Locale.ROOT, "  %-8s %s %s", what, displayUrl(endpoint),
        failure == null ? "reachable" : "NOT REACHABLE (" + failure + ")"));
    if (failure != null) {
      problems.add(what + " endpoint " + displayUrl(endpoint) + " is not reachable: " + failure
          + (what.startsWith("view") ? " (start the viewer: java -jar tracer.jar view)" : ""));
    }
  }

  /** The exporter's protocol details and its TLS files: paths, subjects, expiry (never a key's bytes). */
  private void exportDetails(String details, TlsFiles tls, String exporter) {
    out.println("           " + details);
    if (tls.isEmpty()) {
      out.println("           TLS: the JVM's default trust store, no client certificate");
      return;
    }
    try {
      tls.load();
    } catch (TlsFiles.Invalid e) {
      problems.add("exporter '" + exporter + "' would be off: " + e.getMessage());
    }
    for (String line : tls.describe()) {
      out.println("           TLS " + line);
      if (line.contains("(EXPIRED)")) {
        problems.add(exporter + " TLS " + line.trim());
      }
    }
  }

  /** What the resource will carry: the detected attributes, then the configured ones (which win). */
  private void resource() {
    out.println();
    out.println("resource (detected; TRACER_RESOURCE_ATTRIBUTES wins, TRACER_RESOURCE_DISABLED_KEYS leaves out):");
    io.opentelemetry.sdk.resources.Resource resource = ExportConfig.resource(config);
    resource.getAttributes().forEach((key, value) -> out.println(String.format(Locale.ROOT, "  %-30s %s", key.getKey(),
        value)));
  }

  /** Null when {@code url}'s host accepts a TCP connection within the timeout, else why not. */
  static String connect(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return "not a URL";
    }
    String host = uri.getHost();
    if (host == null) {
      return "no host in the URL";
    }
    int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
      return null;
    } catch (IOException e) {
      return host + ":" + port + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }
}
