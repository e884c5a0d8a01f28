package dev.tracer.agent.handler;

import java.util.Locale;

/** The operation ({@code SELECT}) and main table ({@code orders}) of a statement, for span names. */
public final class SqlSummary {
  public final String operation;
  public final String table;

  private SqlSummary(String operation, String table) {
    this.operation = operation;
    this.table = table;
  }

  public static SqlSummary of(String sql) {
    if (sql == null) {
      return new SqlSummary(null, null);
    }
    String[] words = words(sql, 64);
    if (words.length == 0) {
      return new SqlSummary(null, null);
    }
    String op = words[0].toUpperCase(Locale.ROOT);
    String table = null;
    switch (op) {
      case "SELECT":
      case "DELETE":
        table = after(words, "FROM");
        break;
      case "INSERT":
      case "REPLACE":
      case "MERGE":
        table = after(words, "INTO");
        break;
      case "UPDATE":
        table = words.length > 1 ? words[1] : null;
        break;
      case "CREATE":
      case "DROP":
      case "ALTER":
      case "TRUNCATE":
        table = after(words, "TABLE");
        break;
      case "WITH":
      case "CALL":
      case "EXEC":
      case "EXECUTE":
        table = op.equals("CALL") && words.length > 1 ? words[1] : null;
        break;
      default:
        if (!isKeyword(op)) {
          return new SqlSummary(null, null);
        }
    }
    if (table != null && (table.startsWith("(") || table.equals("?") || isKeyword(table.toUpperCase(Locale.ROOT)))) {
      table = null;
    }
    return new SqlSummary(op, table == null ? null : stripQuotes(table));
  }

  /** Letters, digits, {@code _ $ .}: a table name that cannot be a literal in any dialect. */
  static boolean isPlainName(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!Character.isLetterOrDigit(c) && c != '_' && c != '$' && c != '.') {
        return false;
      }
    }
    return !name.isEmpty() && !Character.isDigit(name.charAt(0));
  }

  private static boolean isKeyword(String word) {
    switch (word) {
      case "SELECT": case "INSERT": case "UPDATE": case "DELETE": case "MERGE": case "REPLACE":
      case "CREATE": case "DROP": case "ALTER": case "TRUNCATE": case "WITH": case "CALL": case "EXEC":
      case "EXECUTE": case "BEGIN": case "COMMIT": case "ROLLBACK": case "SET": case "SHOW": case "GRANT":
      case "REVOKE": case "EXPLAIN": case "VALUES": case "IF": case "EXISTS": case "NOT": case "ONLY":
      case "TABLE": case "LOCK": case "UNLOCK": case "USE": case "DECLARE": case "PREPARE":
        return true;
      default:
        return false;
    }
  }

  private static String after(String[] words, String keyword) {
    for (int i = 0; i < words.length - 1; i++) {
      if (words[i].equalsIgnoreCase(keyword)) {
        int j = i + 1;
        // CREATE TABLE IF NOT EXISTS x, DELETE FROM ONLY x
        while (j < words.length - 1 && isModifier(words[j])) {
          j++;
        }
        return words[j];
      }
    }
    return null;
  }

  private static boolean isModifier(String word) {
    String upper = word.toUpperCase(Locale.ROOT);
    return upper.equals("IF") || upper.equals("NOT") || upper.equals("EXISTS") || upper.equals("ONLY");
  }

  private static String stripQuotes(String name) {
    StringBuilder out = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c != '"' && c != '`' && c != '[' && c != ']') {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** The first {@code max} words, splitting on white space, commas and parentheses (kept as their own word). */
  private static String[] words(String sql, int max) {
    java.util.List<String> words = new java.util.ArrayList<>();
    int n = sql.length();
    int i = 0;
    while (i < n && words.size() < max) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c) || c == ',' || c == ';') {
        i++;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? n : end + 1;
      } else if (c == '(' || c == ')') {
        words.add(String.valueOf(c));
        i++;
      } else {
        int start = i;
        while (i < n && !Character.isWhitespace(sql.charAt(i)) && sql.charAt(i) != ',' && sql.charAt(i) != '('
            && sql.charAt(i) != ')' && sql.charAt(i) != ';') {
          i++;
        }
        words.add(sql.substring(start, i));
      }
    }
    return words.toArray(new String[0]);
  }
}
