package dev.tracer.agent.handler;

import java.util.Locale;

/** What a JDBC URL says about the database: system, host, port, database name. */
public final class JdbcUrl {
  public final String system;
  public final String host;
  public final int port;
  public final String database;

  JdbcUrl(String system, String host, int port, String database) {
    this.system = system;
    this.host = host;
    this.port = port;
    this.database = database;
  }

  /** Never a user name or password: whatever the URL carries after {@code ?} or {@code ;} is not read. */
  public static JdbcUrl parse(String url) {
    if (url == null || !url.regionMatches(true, 0, "jdbc:", 0, 5)) {
      return new JdbcUrl("other_sql", null, -1, null);
    }
    String rest = url.substring(5);
    int colon = rest.indexOf(':');
    String subprotocol = (colon < 0 ? rest : rest.substring(0, colon)).toLowerCase(Locale.ROOT);
    String tail = colon < 0 ? "" : rest.substring(colon + 1);
    switch (subprotocol) {
      case "h2":
        return h2(tail);
      case "postgresql":
      case "pgsql":
        return hostBased("postgresql", tail, 5432);
      case "mariadb":
        return hostBased("mariadb", tail, 3306);
      case "mysql":
        return hostBased("mysql", tail, 3306);
      case "sqlserver":
        return sqlServer(tail);
      case "oracle":
        return oracle(tail);
      case "db2": { // properties follow the database after a colon: //host:port/db:user=...;password=...;
        JdbcUrl db2 = hostBased("db2", tail, 50000);
        return new JdbcUrl("db2", db2.host, db2.port, db2.database == null ? null : beforeAny(db2.database, ":"));
      }
      case "derby":
        return new JdbcUrl("derby", null, -1, beforeAny(tail.replaceFirst("^(memory|directory|classpath|jar):", ""), "?;"));
      case "hsqldb":
        return new JdbcUrl("hsqldb", null, -1, lastSegment(beforeAny(tail, "?;")));
      case "sqlite":
        return new JdbcUrl("sqlite", null, -1, lastSegment(beforeAny(tail, "?;")));
      default:
        return hostBased(subprotocol, tail, -1);
    }
  }

  private static JdbcUrl h2(String tail) {
    String body = beforeAny(tail, "?;");
    if (body.startsWith("tcp:") || body.startsWith("ssl:")) {
      JdbcUrl remote = hostBased("h2", body.substring(4), 9092);
      return new JdbcUrl("h2", remote.host, remote.port, lastSegment(remote.database));
    }
    body = body.replaceFirst("^(mem|file|zip|nio\\w*|split|async|retry):", "");
    return new JdbcUrl("h2", null, -1, body.isEmpty() ? null : lastSegment(body));
  }

  /** {@code //host[:port][,host2...]/database[?params]}. */
  private static JdbcUrl hostBased(String system, String tail, int defaultPort) {
    if (!tail.startsWith("//")) {
      return new JdbcUrl(system, null, -1, null);
    }
    String authorityAndPath = beforeAny(tail.substring(2), "?;");
    int slash = authorityAndPath.indexOf('/');
    String authority = slash < 0 ? authorityAndPath : authorityAndPath.substring(0, slash);
    String database = slash < 0 ? null : authorityAndPath.substring(slash + 1);
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      authority = authority.substring(at + 1); // never user-info
    }
    authority = beforeAny(authority, ",");
    String host = authority;
    int port = defaultPort;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      host = authority.substring(1, close < 0 ? authority.length() : close);
      if (close >= 0 && authority.length() > close + 2 && authority.charAt(close + 1) == ':') {
        port = parsePort(authority.substring(close + 2), defaultPort);
      }
    } else {
      int c = authority.lastIndexOf(':');
      if (c >= 0) {
        host = authority.substring(0, c);
        port = parsePort(authority.substring(c + 1), defaultPort);
      }
    }
    return new JdbcUrl(system, host.isEmpty() ? null : host, port, database == null || database.isEmpty() ? null : database);
  }

  private static JdbcUrl sqlServer(String tail) {
    JdbcUrl base = hostBased("mssql", beforeAny(tail, ";"), 1433);
    String database = null;
    for (String part : tail.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase("databaseName")) {
        database = part.substring(eq + 1).trim();
      }
    }
    return new JdbcUrl("mssql", base.host, base.port, database);
  }

  private static JdbcUrl oracle(String tail) {
    int at = tail.lastIndexOf('@'); // user/password@target: a password may hold an @ too
    if (at < 0) {
      return new JdbcUrl("oracle", null, -1, null);
    }
    String target = tail.substring(at + 1);
    if (target.startsWith("//")) {
      return hostBased("oracle", target, 1521);
    }
    String[] parts = target.split(":");
    if (parts.length >= 3) {
      return new JdbcUrl("oracle", parts[0], parsePort(parts[1], 1521), parts[2]);
    }
    return new JdbcUrl("oracle", null, -1, null);
  }

  private static int parsePort(String text, int defaultPort) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      return defaultPort;
    }
  }

  private static String beforeAny(String text, String stops) {
    for (int i = 0; i < text.length(); i++) {
      if (stops.indexOf(text.charAt(i)) >= 0) {
        return text.substring(0, i);
      }
    }
    return text;
  }

  private static String lastSegment(String path) {
    if (path == null) {
      return null;
    }
    int cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    return path.substring(cut + 1);
  }
}
