package dev.tracer.agent.handler;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What never leaves the process as it is: the values of sensitive headers and query parameters become
 * {@value #REDACTED}. The built-in names plus the operator's ({@code TRACER_REDACT_HEADERS},
 * {@code TRACER_REDACT_QUERY_PARAMS}), compared case-insensitively. Always on, whatever
 * {@code TRACER_DB_STATEMENT_SANITIZE} says.
 */
public final class Redaction {
  public static final String REDACTED = "REDACTED";
  public static final List<String> HEADERS = Collections.unmodifiableList(Arrays.asList(
      "authorization", "proxy-authorization", "cookie", "set-cookie"));
  public static final List<String> QUERY_PARAMS = Collections.unmodifiableList(Arrays.asList(
      "password", "passwd", "pwd", "secret", "token", "access_token", "refresh_token", "id_token", "api_key",
      "apikey", "key", "sig", "signature", "x-amz-signature", "x-amz-credential", "x-amz-security-token",
      "awsaccesskeyid", "x-goog-signature"));
  public static final Redaction DEFAULT = new Redaction(Collections.emptyList(), Collections.emptyList());

  private final Set<String> headers;
  private final Set<String> queryParams;

  public Redaction(List<String> moreHeaders, List<String> moreQueryParams) {
    headers = lowerCase(HEADERS, moreHeaders);
    queryParams = lowerCase(QUERY_PARAMS, moreQueryParams);
  }

  private static Set<String> lowerCase(List<String> builtIn, List<String> more) {
    Set<String> all = new LinkedHashSet<>(builtIn);
    for (String name : more) {
      all.add(name.trim().toLowerCase(Locale.ROOT));
    }
    return Collections.unmodifiableSet(all);
  }

  /** Every redacted header name, lower-case: for the doctor. */
  public Set<String> headers() {
    return headers;
  }

  /** Every redacted query parameter name, lower-case: for the doctor. */
  public Set<String> queryParams() {
    return queryParams;
  }

  public boolean header(String name) {
    return headers.contains(name.toLowerCase(Locale.ROOT));
  }

  /** Compared after percent-decoding, so that {@code pass%77ord} is {@code password}. */
  public boolean queryParam(String name) {
    return queryParams.contains(decode(name).toLowerCase(Locale.ROOT));
  }

  /** {@code a=1&token=x} → {@code a=1&token=REDACTED}; a parameter without {@code =} stays as it is. */
  public String query(String query) {
    StringBuilder out = null;
    int start = 0;
    while (start <= query.length()) {
      int amp = query.indexOf('&', start);
      int end = amp < 0 ? query.length() : amp;
      int eq = query.indexOf('=', start);
      if (eq >= 0 && eq < end && queryParam(query.substring(start, eq))) {
        if (out == null) {
          out = new StringBuilder(query.length()).append(query, 0, start);
        }
        out.append(query, start, eq + 1).append(REDACTED);
      } else if (out != null) {
        out.append(query, start, end);
      }
      if (amp < 0) {
        break;
      }
      if (out != null) {
        out.append('&');
      }
      start = amp + 1;
    }
    return out == null ? query : out.toString();
  }

  private static String decode(String text) {
    if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%' && i + 2 < text.length()) {
        int hi = Character.digit(text.charAt(i + 1), 16);
        int lo = Character.digit(text.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          out.append((char) (hi * 16 + lo));
          i += 2;
          continue;
        }
      }
      out.append(c == '+' ? ' ' : c);
    }
    return out.toString().trim();
  }
}
