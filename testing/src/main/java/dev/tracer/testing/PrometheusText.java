package dev.tracer.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Prometheus scrape as a Prometheus server does it (GET, text format), and lookups of its samples. */
public final class PrometheusText {
  /** One {@code name="value"} label, the value with its escapes. */
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  public final String text;

  private PrometheusText(String text) {
    this.text = text;
  }

  public static PrometheusText scrape(String url) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
    connection.setConnectTimeout(2000);
    connection.setReadTimeout(5000);
    if (connection.getResponseCode() != 200 || !connection.getContentType().startsWith("text/plain")) {
      throw new AssertionError("scrape of " + url + ": " + connection.getResponseCode() + " " + connection.getContentType());
    }
    try (InputStream in = connection.getInputStream()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return new PrometheusText(out.toString(StandardCharsets.UTF_8.name()));
    }
  }

  /** Values of the samples named {@code name} whose labels include every {@code label="value"} given. */
  public List<Double> samples(String name, String... labels) {
    List<Double> found = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
        continue;
      }
      String labelPart = line.contains("{") ? line.substring(line.indexOf('{'), line.lastIndexOf('}') + 1) : "";
      if (Arrays.stream(labels).allMatch(labelPart::contains)) {
        String[] parts = line.trim().split(" ");
        found.add(Double.parseDouble(parts[parts.length - 1]));
      }
    }
    return found;
  }

  /**
   * Every sample named {@code name} by its exact label set (label values unescaped; the {@code otel_scope_*} labels
   * left out), for comparing whole series rather than label substrings.
   */
  public Map<Map<String, String>, Double> series(String name) {
    Map<Map<String, String>, Double> found = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
        continue;
      }
      Map<String, String> labels = new TreeMap<>();
      if (line.startsWith(name + "{")) {
        Matcher label = LABEL.matcher(line.substring(name.length(), line.lastIndexOf('}') + 1));
        while (label.find()) {
          if (!label.group(1).startsWith("otel_scope_")) {
            labels.put(label.group(1), label.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
          }
        }
      }
      String[] parts = line.trim().split(" ");
      found.put(labels, Double.parseDouble(parts[parts.length - 1]));
    }
    return found;
  }

  /** The value of the one sample that matches; fails when there is none or more than one. */
  public double sample(String name, String... labels) {
    List<Double> found = samples(name, labels);
    if (found.size() != 1) {
      throw new AssertionError(found.size() + " samples " + name + " " + Arrays.toString(labels) + " in\n" + text);
    }
    return found.get(0);
  }

  @Override
  public String toString() {
    return text;
  }
}
