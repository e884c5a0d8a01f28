package dev.tracer.agent.handler;

import java.util.regex.Pattern;

/**
 * Replaces the literals of a SQL statement with {@code ?} so that recorded statements carry no data:
 * string literals (including {@code ''} escapes and PostgreSQL dollar quotes), numbers, hex and boolean-free
 * constants; collapses {@code IN (?, ?, ?)} to {@code IN (?)}; drops comments. Identifiers, including
 * quoted ones, are kept. Never throws: a statement it cannot follow is returned as far as it got.
 */
public final class SqlSanitizer {
  private SqlSanitizer() {}

  public static String sanitize(String sql) {
    if (sql == null) {
      return null;
    }
    int n = sql.length();
    StringBuilder out = new StringBuilder(n);
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'') {
        i = skipQuoted(sql, i, '\'');
        out.append('?');
      } else if (c == '"' || c == '`' || c == '[') {
        int end = c == '[' ? sql.indexOf(']', i + 1) : skipQuoted(sql, i, c) - 1;
        end = end < 0 ? n - 1 : Math.min(end, n - 1);
        out.append(sql, i, end + 1);
        i = end + 1;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int eol = sql.indexOf('\n', i);
        i = eol < 0 ? n : eol;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (c == '$' && dollarTag(sql, i) > 0) {
        int tagEnd = dollarTag(sql, i);
        String tag = sql.substring(i, tagEnd);
        int close = sql.indexOf(tag, tagEnd);
        i = close < 0 ? n : close + tag.length();
        out.append('?');
      } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(sql.charAt(i + 1)))) {
        if (i > 0 && isIdentifierPart(sql.charAt(i - 1))) {
          // part of an identifier such as t1 or col_2
          out.append(c);
          i++;
        } else {
          i = skipNumber(sql, i);
          out.append('?');
        }
      } else if (isIdentifierStart(c)) {
        int start = i;
        while (i < n && isIdentifierPart(sql.charAt(i))) {
          i++;
        }
        out.append(sql, start, i);
      } else {
        out.append(c);
        i++;
      }
    }
    return collapseInLists(out.toString().trim());
  }

  /** Index after the closing quote; a doubled quote is an escaped quote. */
  private static int skipQuoted(String sql, int start, char quote) {
    int n = sql.length();
    int i = start + 1;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\\' && quote == '\'' && i + 1 < n) {
        i += 2;
        continue;
      }
      if (c == quote) {
        if (i + 1 < n && sql.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return n;
  }

  /** For {@code $tag$} or {@code $$} at i, the index after the opening tag; else -1 ({@code $1} parameters are kept). */
  private static int dollarTag(String sql, int i) {
    int j = i + 1;
    while (j < sql.length() && (Character.isLetter(sql.charAt(j)) || sql.charAt(j) == '_')) {
      j++;
    }
    return j < sql.length() && sql.charAt(j) == '$' ? j + 1 : -1;
  }

  private static int skipNumber(String sql, int i) {
    int n = sql.length();
    if (sql.startsWith("0x", i) || sql.startsWith("0X", i)) {
      i += 2;
      while (i < n && Character.digit(sql.charAt(i), 16) >= 0) {
        i++;
      }
      return i;
    }
    while (i < n && (isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
      i++;
    }
    if (i < n && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
      int j = i + 1;
      if (j < n && (sql.charAt(j) == '+' || sql.charAt(j) == '-')) {
        j++;
      }
      if (j < n && isDigit(sql.charAt(j))) {
        i = j;
        while (i < n && isDigit(sql.charAt(i))) {
          i++;
        }
      }
    }
    return i;
  }

  private static final Pattern IN_LIST = Pattern.compile("(?i)\\bIN\\s*\\(\\s*\\?(?:\\s*,\\s*\\?)+\\s*\\)");

  /** {@code IN (?, ?, ?)} → {@code IN (?)}: the statement does not change with the list's length. */
  private static String collapseInLists(String sql) {
    if (sql.indexOf(',') < 0) {
      return sql;
    }
    return IN_LIST.matcher(sql).replaceAll("IN (?)");
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isIdentifierStart(char c) {
    return Character.isLetter(c) || c == '_' || c == '@' || c == '#';
  }

  private static boolean isIdentifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '@' || c == '#';
  }
}
