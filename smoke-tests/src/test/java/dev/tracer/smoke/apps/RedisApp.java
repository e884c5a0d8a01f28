package dev.tracer.smoke.apps;

import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Transaction;

/**
 * Redis through each Jedis API shape: plain commands, an error reply, a pipeline, a transaction and, with the
 * argument {@code pooled} (Jedis 4+), JedisPooled. Uses only calls whose signatures Jedis 3, 4 and 5 share.
 */
public final class RedisApp {
  public static void main(String[] args) {
    try (Jedis jedis = new Jedis("127.0.0.1", 6379)) {
      jedis.set("smoke:user:1", "secret");
      System.out.println("read " + jedis.get("smoke:user:1"));
      try {
        jedis.hget("smoke:user:1", "name");
      } catch (RuntimeException expected) {
        System.out.println("expected failure " + expected.getMessage());
      }
      Pipeline pipeline = jedis.pipelined();
      pipeline.set("smoke:p:1", "one");
      pipeline.get("smoke:p:1");
      pipeline.sync();
      Transaction tx = jedis.multi();
      tx.set("smoke:tx:1", "two");
      List<Object> results = tx.exec();
      System.out.println("exec " + results.size());
    }
    if (args.length > 0 && args[0].equals("pooled")) {
      pooled();
    }
  }

  private static void pooled() {
    try (JedisPooled pooled = new JedisPooled("127.0.0.1", 6379)) {
      pooled.set("smoke:pooled:1", "three");
      System.out.println("pooled " + pooled.get("smoke:pooled:1"));
    }
  }
}
