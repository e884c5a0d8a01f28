package dev.tracer.bootstrap;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The text of a command sent as binary arguments (Redis): {@code SET user:1 "a b"}. An argument with a
 * space, a quote or nothing in it is quoted, so that the handler's sanitizer can split the text again.
 * Long texts are cut (arguments beyond the limit become {@code ...}).
 */
public final class CommandText {
  static final int MAX_CHARS = 2048;

  private CommandText() {}

  public static String of(String command, List<byte[]> arguments) {
    StringBuilder text = new StringBuilder(command);
    for (int i = 0; i < arguments.size(); i++) {
      if (text.length() >= MAX_CHARS) {
        text.append(" ...");
        break;
      }
      text.append(' ');
      byte[] raw = arguments.get(i);
      int length = raw == null ? 0 : Math.min(raw.length, MAX_CHARS);
      append(text, raw == null ? "" : new String(raw, 0, length, StandardCharsets.UTF_8));
    }
    return text.toString();
  }

  private static void append(StringBuilder text, String argument) {
    boolean quote = argument.isEmpty();
    for (int i = 0; i < argument.length() && !quote; i++) {
      char c = argument.charAt(i);
      quote = c <= ' ' || c == '"' || c == '\\';
    }
    if (!quote) {
      text.append(argument);
      return;
    }
    text.append('"');
    for (int i = 0; i < argument.length(); i++) {
      char c = argument.charAt(i);
      if (c == '"' || c == '\\') {
        text.append('\\');
      }
      text.append(c);
    }
    text.append('"');
  }
}
