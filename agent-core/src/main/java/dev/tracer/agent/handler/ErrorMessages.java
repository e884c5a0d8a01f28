package dev.tracer.agent.handler;

import dev.tracer.bootstrap.SpanEvent;

/**
 * A handler whose errors may quote the application's data (a database's {@code invalid input syntax for type
 * integer: "..."}): it gives the message to record in the span's status and exception event.
 */
interface ErrorMessages {
  /** The message to record for {@code error}; the error's own message when there is nothing to hide. */
  String errorMessage(SpanEvent event, Throwable error);

  /**
   * A message with what it quotes as {@code ?}: quoted text ({@code '...'}, {@code "..."}, {@code `...`}),
   * numbers, and the values of {@code Key (col)=(value)} details. One pass, linear; never throws.
   */
  static String sanitize(String message) {
    if (message == null) {
      return null;
    }
    int n = message.length();
    StringBuilder out = new StringBuilder(Math.min(n, 4096));
    int i = 0;
    while (i < n) {
      char c = message.charAt(i);
      if (c == '\'' || c == '"' || c == '`' || c == '\u201c' || c == '\u2018') {
        char close = c == '\u201c' ? '\u201d' : c == '\u2018' ? '\u2019' : c;
        int end = message.indexOf(close, i + 1);
        out.append('?');
        i = end < 0 ? n : end + 1;
      } else if (c == '=' && i + 1 < n && message.charAt(i + 1) == '(') {
        int end = message.indexOf(')', i + 2);
        out.append("=(?)");
        i = end < 0 ? n : end + 1;
      } else if (Character.isDigit(c) && (i == 0 || !Character.isLetterOrDigit(message.charAt(i - 1)))) {
        while (i < n && (Character.isLetterOrDigit(message.charAt(i)) || message.charAt(i) == '.'
            || message.charAt(i) == '-')) {
          i++;
        }
        out.append('?');
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
