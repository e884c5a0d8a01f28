package dev.tracer.agent.handler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Replaces the values in a Redis command text ({@code DatabaseEvent.command} form: arguments split by spaces, quoted when
 * needed) with {@code ?}, keeping the command, keys, field names and options that carry no data:
 * {@code SET user:1 ?}, {@code HSET user:1 name ? age ?}, {@code MSET a ? b ?}, {@code AUTH ?}. A command it does
 * not know keeps only its name ({@code FOO ? ?}): unknown means possibly sensitive.
 */
public final class RedisSanitizer {
  /** What to keep of a command's arguments. */
  private enum Rule {
    /** Keys, numbers, patterns: nothing to hide. */
    KEEP_ALL,
    /** Keep the first {@code n} arguments (keys, offsets), mask the rest (values). */
    KEEP_FIRST,
    /** {@code MSET k v k v}: keep the keys. */
    KEY_VALUE_PAIRS,
    /** {@code HSET key f v f v}: keep the key and the field names. */
    KEY_THEN_FIELD_VALUE_PAIRS,
    /**
     * {@code EVAL script numkeys key... arg...}: keep the count and keys; mask the arguments, and the script's
     * text (its literals are data); {@code EVALSHA}'s digest and {@code FCALL}'s function name are kept.
     */
    SCRIPT
  }

  private static final class Spec {
    final Rule rule;
    final int keep;

    Spec(Rule rule, int keep) {
      this.rule = rule;
      this.keep = keep;
    }
  }

  private static final Spec MASK_ALL = new Spec(Rule.KEEP_FIRST, 0);
  private static final Map<String, Spec> COMMANDS = new HashMap<>();

  static {
    rule(new Spec(Rule.KEEP_ALL, 0),
        // keys and generic
        "GET", "GETDEL", "GETEX", "DEL", "UNLINK", "EXISTS", "TYPE", "TTL", "PTTL", "EXPIRE", "PEXPIRE", "EXPIREAT",
        "PEXPIREAT", "EXPIRETIME", "PEXPIRETIME", "PERSIST", "KEYS", "SCAN", "RANDOMKEY", "RENAME", "RENAMENX", "MOVE",
        "COPY", "TOUCH", "OBJECT", "DUMP", "SORT", "SORT_RO",
        // strings and counters
        "INCR", "DECR", "INCRBY", "DECRBY", "INCRBYFLOAT", "STRLEN", "GETRANGE", "SUBSTR", "MGET", "BITCOUNT",
        "GETBIT", "BITPOS", "BITOP", "LCS",
        // hashes
        "HGET", "HMGET", "HGETALL", "HKEYS", "HVALS", "HLEN", "HEXISTS", "HDEL", "HINCRBY", "HINCRBYFLOAT",
        "HSTRLEN", "HSCAN", "HRANDFIELD", "HEXPIRE", "HPEXPIRE", "HTTL", "HPTTL", "HPERSIST",
        // lists
        "LLEN", "LRANGE", "LINDEX", "LPOP", "RPOP", "BLPOP", "BRPOP", "LMPOP", "BLMPOP", "LTRIM", "RPOPLPUSH",
        "BRPOPLPUSH", "LMOVE", "BLMOVE",
        // sets
        "SCARD", "SMEMBERS", "SPOP", "SRANDMEMBER", "SDIFF", "SINTER", "SUNION", "SDIFFSTORE", "SINTERSTORE",
        "SUNIONSTORE", "SINTERCARD", "SSCAN",
        // sorted sets
        "ZCARD", "ZRANGE", "ZREVRANGE", "ZRANGEBYSCORE", "ZREVRANGEBYSCORE", "ZRANGESTORE", "ZCOUNT", "ZPOPMIN",
        "ZPOPMAX", "BZPOPMIN", "BZPOPMAX", "ZMPOP", "BZMPOP", "ZREMRANGEBYRANK", "ZREMRANGEBYSCORE", "ZSCAN",
        "ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE", "ZUNION", "ZINTER", "ZDIFF", "ZRANDMEMBER",
        // streams, hyperloglog, geo
        "XLEN", "XRANGE", "XREVRANGE", "XREAD", "XREADGROUP", "XACK", "XDEL", "XTRIM", "XGROUP", "XINFO", "XPENDING",
        "XCLAIM", "XAUTOCLAIM", "PFCOUNT", "PFMERGE", "GEODIST", "GEOPOS", "GEOHASH", "GEORADIUS", "GEORADIUSBYMEMBER",
        "GEOSEARCH", "GEOSEARCHSTORE",
        // connection, server, transactions, pub/sub, scripts by reference
        "PING", "SELECT", "DBSIZE", "FLUSHDB", "FLUSHALL", "INFO", "TIME", "MULTI", "EXEC", "DISCARD", "WATCH",
        "UNWATCH", "QUIT", "RESET", "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE",
        "SUNSUBSCRIBE", "PUBSUB", "CLIENT", "CLUSTER", "COMMAND", "READONLY", "READWRITE", "WAIT", "WAITAOF", "SAVE",
        "BGSAVE", "BGREWRITEAOF", "LASTSAVE", "ROLE", "SLOWLOG", "MEMORY", "LATENCY", "MONITOR", "SWAPDB", "SCRIPT",
        "FUNCTION", "SHUTDOWN", "REPLICAOF", "SLAVEOF", "DEBUG", "MODULE");
    // the key (or key and offset) is kept, what follows is data
    rule(new Spec(Rule.KEEP_FIRST, 1), "SET", "SETNX", "GETSET", "APPEND", "LPUSH", "RPUSH", "LPUSHX", "RPUSHX",
        "SADD", "SREM", "SISMEMBER", "SMISMEMBER", "ZADD", "ZREM", "ZSCORE", "ZMSCORE", "ZINCRBY", "ZRANK",
        "ZREVRANK", "ZRANGEBYLEX", "ZREVRANGEBYLEX", "ZLEXCOUNT", "ZREMRANGEBYLEX", "PFADD", "GEOADD", "XADD", "LPOS",
        "PUBLISH", "SPUBLISH", "HELLO");
    rule(new Spec(Rule.KEEP_FIRST, 2), "SETEX", "PSETEX", "SETRANGE", "SETBIT", "LSET", "LREM", "LINSERT", "HSETNX",
        "SMOVE", "RESTORE", "CONFIG", "ACL");
    rule(new Spec(Rule.KEEP_FIRST, 5), "MIGRATE");
    rule(MASK_ALL, "AUTH", "ECHO");
    rule(new Spec(Rule.KEY_VALUE_PAIRS, 0), "MSET", "MSETNX");
    rule(new Spec(Rule.KEY_THEN_FIELD_VALUE_PAIRS, 0), "HSET", "HMSET");
    rule(new Spec(Rule.SCRIPT, 0), "EVAL", "EVALSHA", "EVAL_RO", "EVALSHA_RO", "FCALL", "FCALL_RO");
  }

  private static void rule(Spec spec, String... commands) {
    for (String command : commands) {
      COMMANDS.put(command, spec);
    }
  }

  private RedisSanitizer() {}

  public static String sanitize(String text) {
    if (text == null) {
      return null;
    }
    List<String> tokens = tokens(text);
    if (tokens.isEmpty()) {
      return text;
    }
    Spec spec = COMMANDS.getOrDefault(tokens.get(0).toUpperCase(Locale.ROOT), MASK_ALL);
    if (spec.rule == Rule.KEEP_ALL) {
      return text;
    }
    int scriptKeysEnd = spec.rule == Rule.SCRIPT ? 3 + numKeys(tokens) : 0;
    String command = tokens.get(0).toUpperCase(Locale.ROOT);
    boolean scriptText = command.equals("EVAL") || command.equals("EVAL_RO");
    StringBuilder out = new StringBuilder(text.length()).append(tokens.get(0));
    for (int i = 1; i < tokens.size(); i++) {
      int arg = i - 1;
      boolean keep;
      switch (spec.rule) {
        case KEY_VALUE_PAIRS:
          keep = arg % 2 == 0;
          break;
        case KEY_THEN_FIELD_VALUE_PAIRS:
          keep = arg == 0 || arg % 2 == 1;
          break;
        case SCRIPT:
          keep = i < scriptKeysEnd && !(i == 1 && scriptText);
          break;
        default:
          keep = arg < spec.keep;
      }
      out.append(' ').append(keep ? tokens.get(i) : "?");
    }
    return out.toString();
  }

  /** {@code EVAL script numkeys ...}: the key count, 0 when it is not a number. */
  private static int numKeys(List<String> tokens) {
    if (tokens.size() < 3) {
      return 0;
    }
    try {
      return Math.max(0, Integer.parseInt(tokens.get(2)));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Splits on spaces; a {@code "..."} token (with {@code \} escapes) is one token, kept as written. */
  static List<String> tokens(String text) {
    List<String> tokens = new ArrayList<>();
    int n = text.length();
    int i = 0;
    while (i < n) {
      while (i < n && text.charAt(i) == ' ') {
        i++;
      }
      if (i >= n) {
        break;
      }
      int start = i;
      if (text.charAt(i) == '"') {
        i++;
        while (i < n && text.charAt(i) != '"') {
          i += text.charAt(i) == '\\' ? 2 : 1;
        }
        i = Math.min(n, i + 1);
      } else {
        while (i < n && text.charAt(i) != ' ') {
          i++;
        }
      }
      tokens.add(text.substring(start, i));
    }
    return tokens;
  }
}
