package dev.tracer.agent.handler;

/**
 * Replaces the literals of a SQL statement with {@code ?} so that recorded statements carry no data:
 * string literals, numbers, hex constants, PostgreSQL dollar quotes; collapses {@code IN (?, ?, ?)} to
 * {@code IN (?)}; drops comments. Identifiers, including quoted ones, are kept.
 *
 * <p>Quoting and comments are read as the database ({@code db.system}) reads them: MySQL and MariaDB take
 * {@code "..."} as a string and {@code #} as a comment; PostgreSQL and H2 nest block comments. Where the
 * meaning depends on a server setting (a backslash in a string: MySQL's {@code NO_BACKSLASH_ESCAPES},
 * PostgreSQL's {@code standard_conforming_strings}) the statement is read both ways and must come out the
 * same. A statement it cannot read with certainty (an unterminated string or comment, an ambiguous
 * {@code #} or nested comment for an unknown database) gives null: the caller then records the operation and
 * table only, never the text. One pass, linear in the statement's length; never throws.
 */
public final class SqlSanitizer {
  private SqlSanitizer() {}

  private enum Dialect {
    /** MySQL, MariaDB: "..." is a string, # and "-- " comments, block comments do not nest. */
    MYSQL,
    /** PostgreSQL: "..." is a name, E'...' escapes, $tag$ quotes, nested block comments. */
    POSTGRESQL,
    /** H2: "..." is a name, no backslash escapes, $$ quotes, nested block comments, // comments. */
    H2,
    /** A known database of standard quoting (SQL Server, Oracle, DB2...): # is part of a name (#temp). */
    STANDARD,
    /** Unknown: like STANDARD, but a # or a comment inside a comment makes the statement uncertain. */
    UNKNOWN
  }

  private static Dialect dialect(String system) {
    if (system == null) {
      return Dialect.UNKNOWN;
    }
    switch (system) {
      case "mysql":
      case "mariadb":
        return Dialect.MYSQL;
      case "postgresql":
        return Dialect.POSTGRESQL;
      case "h2":
        return Dialect.H2;
      case "other_sql":
        return Dialect.UNKNOWN;
      default:
        return Dialect.STANDARD;
    }
  }

  /** As {@link #sanitize(String, String)} for a database of unknown dialect. */
  public static String sanitize(String sql) {
    return sanitize(sql, null);
  }

  /** The statement with its literals as {@code ?}; null when it cannot be read with certainty. */
  public static String sanitize(String sql, String system) {
    if (sql == null) {
      return null;
    }
    try {
      Dialect dialect = dialect(system);
      Lexer escaping = new Lexer(sql, dialect, true);
      String text = escaping.run();
      if (escaping.ambiguousBackslash) {
        // the server's setting decides what a backslash means: both readings must agree
        String other = new Lexer(sql, dialect, false).run();
        if (text == null || !text.equals(other)) {
          return null;
        }
      }
      return text == null ? null : collapseInLists(text.trim());
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static final class Lexer {
    private final String sql;
    private final int n;
    private final Dialect dialect;
    /** How a backslash in a string is read where the server's setting decides it. */
    private final boolean backslashEscapes;
    private final StringBuilder out;
    /** A backslash was seen in a string whose reading depends on the server's setting. */
    boolean ambiguousBackslash;

    Lexer(String sql, Dialect dialect, boolean backslashEscapes) {
      this.sql = sql;
      this.n = sql.length();
      this.dialect = dialect;
      this.backslashEscapes = backslashEscapes;
      this.out = new StringBuilder(Math.min(n, 1 << 16));
    }

    /** The sanitized text, or null when the statement is uncertain. */
    String run() {
      int i = 0;
      while (i < n) {
        char c = sql.charAt(i);
        char next = i + 1 < n ? sql.charAt(i + 1) : 0;
        if (c == '\'') {
          i = string(i, '\'', dialect != Dialect.H2, false);
        } else if (c == '"' && dialect == Dialect.MYSQL) {
          i = string(i, '"', true, false);
        } else if ((c == 'E' || c == 'e') && next == '\'' && dialect == Dialect.POSTGRESQL && !identifierBefore(i)) {
          i = string(i + 1, '\'', true, true);
        } else if (c == '"' || c == '`' || c == '[') {
          i = quotedName(i, c == '[' ? ']' : c);
        } else if (c == '-' && next == '-') {
          if (dialect == Dialect.MYSQL && i + 2 < n && sql.charAt(i + 2) > ' ') {
            out.append(c); // MySQL: "--" without a following space is two minus signs
            i++;
            continue;
          }
          i = lineEnd(i);
        } else if (c == '#' && dialect == Dialect.MYSQL) {
          i = lineEnd(i);
        } else if (c == '/' && next == '/' && dialect == Dialect.H2) {
          i = lineEnd(i);
        } else if (c == '/' && next == '*') {
          i = blockComment(i);
        } else if (c == '$' && isDigit(next)) {
          int start = i; // a $1 parameter, kept
          i++;
          while (i < n && isDigit(sql.charAt(i))) {
            i++;
          }
          out.append(sql, start, i);
        } else if (c == '$' && dialect != Dialect.MYSQL && dollarTag(i) > 0) {
          int tagEnd = dollarTag(i);
          int close = sql.indexOf(sql.substring(i, tagEnd), tagEnd);
          if (close < 0) {
            return null;
          }
          i = close + (tagEnd - i);
          out.append('?');
        } else if (isDigit(c) || (c == '.' && isDigit(next))) {
          i = skipNumber(i);
          out.append('?');
        } else if (c == '#' && dialect == Dialect.UNKNOWN) {
          return null; // a MySQL comment or part of a name: cannot tell
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
        if (i < 0) {
          return null;
        }
      }
      return out.toString();
    }

    /** A string literal from its opening quote: {@code ?}, and the index after it; -1 when unterminated. */
    private int string(int start, char quote, boolean backslashMatters, boolean alwaysEscapes) {
      int i = start + 1;
      while (i < n) {
        char c = sql.charAt(i);
        if (c == '\\' && backslashMatters) {
          if (!alwaysEscapes) {
            ambiguousBackslash = true;
          }
          if (alwaysEscapes || backslashEscapes) {
            i += 2;
            continue;
          }
        }
        if (c == quote) {
          if (i + 1 < n && sql.charAt(i + 1) == quote) {
            i += 2;
            continue;
          }
          out.append('?');
          return i + 1;
        }
        i++;
      }
      return -1;
    }

    /** A quoted name, kept as written; -1 when unterminated. */
    private int quotedName(int start, char close) {
      int i = start + 1;
      while (i < n) {
        if (sql.charAt(i) == close) {
          if (close != ']' && i + 1 < n && sql.charAt(i + 1) == close) {
            i += 2;
            continue;
          }
          out.append(sql, start, i + 1);
          return i + 1;
        }
        i++;
      }
      return -1;
    }

    private int lineEnd(int i) {
      int eol = sql.indexOf('\n', i);
      return eol < 0 ? n : eol;
    }

    /** Index after a block comment; nested where the dialect nests them; -1 when unterminated or unsure. */
    private int blockComment(int start) {
      boolean nests = dialect == Dialect.POSTGRESQL || dialect == Dialect.H2;
      int depth = 1;
      int i = start + 2;
      while (i < n - 1) {
        char c = sql.charAt(i);
        char next = sql.charAt(i + 1);
        if (c == '*' && next == '/') {
          if (--depth == 0) {
            return i + 2;
          }
          i += 2;
        } else if (c == '/' && next == '*') {
          if (dialect == Dialect.UNKNOWN) {
            return -1; // nested for some databases, not for others
          }
          if (nests) {
            depth++;
          }
          i += 2;
        } else {
          i++;
        }
      }
      return -1;
    }

    /** For {@code $tag$} or {@code $$} at i, the index after the opening tag; else -1 ({@code $1} parameters are kept). */
    private int dollarTag(int i) {
      int j = i + 1;
      while (j < n && (Character.isLetter(sql.charAt(j)) || sql.charAt(j) == '_'
          || (j > i + 1 && isDigit(sql.charAt(j))))) {
        j++;
      }
      return j < n && sql.charAt(j) == '$' ? j + 1 : -1;
    }

    private int skipNumber(int i) {
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

    private boolean identifierBefore(int i) {
      return i > 0 && isIdentifierPart(sql.charAt(i - 1));
    }

    private boolean isIdentifierStart(char c) {
      return Character.isLetter(c) || c == '_' || c == '@' || (c == '#' && dialect != Dialect.MYSQL);
    }

    private boolean isIdentifierPart(char c) {
      return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '@' || (c == '#' && dialect != Dialect.MYSQL);
    }
  }

  /**
   * {@code IN (?, ?, ?)} → {@code IN (?)}: the statement does not change with the list's length. A scan, not a
   * regular expression: linear in the text however long the list (a backtracking regex overflowed the stack).
   */
  static String collapseInLists(String sql) {
    int n = sql.length();
    StringBuilder out = null;
    int copied = 0;
    int i = 0;
    while (i < n - 1) {
      char c = sql.charAt(i);
      if ((c == 'I' || c == 'i') && (sql.charAt(i + 1) == 'N' || sql.charAt(i + 1) == 'n')
          && (i == 0 || !isWordChar(sql.charAt(i - 1))) && (i + 2 >= n || !isWordChar(sql.charAt(i + 2)))) {
        int end = inListEnd(sql, i + 2);
        if (end > 0) {
          if (out == null) {
            out = new StringBuilder(n);
          }
          out.append(sql, copied, i).append("IN (?)");
          copied = end;
          i = end;
          continue;
        }
        i += 2;
        continue;
      }
      i++;
    }
    if (out == null) {
      return sql;
    }
    return out.append(sql, copied, n).toString();
  }

  /** After {@code IN} at from: the index after {@code (?, ?...)} of two or more {@code ?}; else -1. */
  private static int inListEnd(String sql, int from) {
    int n = sql.length();
    int i = skipSpace(sql, from);
    if (i >= n || sql.charAt(i) != '(') {
      return -1;
    }
    int items = 0;
    i = skipSpace(sql, i + 1);
    while (i < n && sql.charAt(i) == '?') {
      items++;
      i = skipSpace(sql, i + 1);
      if (i < n && sql.charAt(i) == ',') {
        i = skipSpace(sql, i + 1);
        if (i >= n || sql.charAt(i) != '?') {
          return -1;
        }
      } else {
        break;
      }
    }
    return items >= 2 && i < n && sql.charAt(i) == ')' ? i + 1 : -1;
  }

  private static int skipSpace(String sql, int i) {
    while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
