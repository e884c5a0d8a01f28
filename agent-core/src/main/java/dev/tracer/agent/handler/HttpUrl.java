package dev.tracer.agent.handler;

/**
 * An HTTP URL as recorded on spans: without user-info or fragment, the values of sensitive query parameters
 * {@code REDACTED} ({@link Redaction}); with the peer's host and port (the scheme's default when absent).
 * Never throws.
 */
final class HttpUrl {
  final String full;
  final String host;
  final int port;

  private HttpUrl(String full, String host, int port) {
    this.full = full;
    this.host = host;
    this.port = port;
  }

  static HttpUrl parse(String url, Redaction redaction) {
    int schemeEnd = url.indexOf("://");
    if (schemeEnd <= 0) {
      return new HttpUrl(pathAndQuery(url, redaction), null, -1);
    }
    String scheme = url.substring(0, schemeEnd);
    int authorityStart = schemeEnd + 3;
    int authorityEnd = url.length();
    for (int i = authorityStart; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        authorityEnd = i;
        break;
      }
    }
    String authority = url.substring(authorityStart, authorityEnd);
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      authority = authority.substring(at + 1);
    }
    String host = authority;
    int port = -1;
    int colon;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      host = close > 0 ? authority.substring(1, close) : authority;
      colon = close > 0 && close + 1 < authority.length() && authority.charAt(close + 1) == ':' ? close + 1 : -1;
    } else {
      colon = authority.lastIndexOf(':');
      if (colon >= 0) {
        host = authority.substring(0, colon);
      }
    }
    if (colon >= 0) {
      try {
        port = Integer.parseInt(authority.substring(colon + 1));
      } catch (NumberFormatException e) {
        port = -1;
      }
    }
    if (port < 0) {
      port = "https".equalsIgnoreCase(scheme) ? 443 : "http".equalsIgnoreCase(scheme) ? 80 : -1;
    }
    // most URLs have nothing to take out (user-info, fragment) or redact (query): they are kept as given
    boolean asGiven = at < 0 && url.indexOf('?', authorityEnd) < 0 && url.indexOf('#', authorityEnd) < 0;
    String full = asGiven ? url : scheme + "://" + authority + pathAndQuery(url.substring(authorityEnd), redaction);
    return new HttpUrl(full, host.isEmpty() ? null : host, port);
  }

  /** The user-info of {@code url} ({@code user:pass} of {@code http://user:pass@host/}), null when none. */
  static String userInfo(String url) {
    int schemeEnd = url.indexOf("://");
    if (schemeEnd <= 0) {
      return null;
    }
    int start = schemeEnd + 3;
    int end = start;
    while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    int at = url.lastIndexOf('@', end - 1);
    return at >= start ? url.substring(start, at) : null;
  }

  /** Without the fragment, the query redacted. */
  static String pathAndQuery(String rest, Redaction redaction) {
    int hash = rest.indexOf('#');
    if (hash >= 0) {
      rest = rest.substring(0, hash);
    }
    int question = rest.indexOf('?');
    if (question >= 0) {
      rest = rest.substring(0, question + 1) + redaction.query(rest.substring(question + 1));
    }
    return rest;
  }
}
