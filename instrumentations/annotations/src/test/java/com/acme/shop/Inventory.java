package com.acme.shop;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Methods annotated as applications annotate them. */
public class Inventory {
  @WithSpan
  public int reserve(@SpanAttribute("shop.sku") String sku, @SpanAttribute int quantity, String note) {
    return Shop.sql("UPDATE shop_stock SET quantity = quantity - " + quantity + " WHERE sku = '" + sku + "'");
  }

  @WithSpan(value = "pricing", kind = SpanKind.CLIENT)
  public long price(@SpanAttribute("shop.count") long count, @SpanAttribute("shop.express") boolean express) {
    return count * 3;
  }

  @WithSpan
  public static int total(int[] amounts, String[][] labels) {
    int sum = 0;
    for (int amount : amounts) {
      sum += amount;
    }
    return sum;
  }

  @WithSpan
  public void fail(String why) {
    throw new IllegalStateException(why);
  }

  @WithSpan
  public CompletableFuture<String> later(CompletableFuture<String> future) {
    return future;
  }

  /** The query runs on a pool thread, after the method returned: still below the method's span. */
  @WithSpan
  public CompletableFuture<Integer> restockLater(java.util.concurrent.Executor pool) {
    return CompletableFuture.supplyAsync(
        () -> Shop.sql("UPDATE shop_stock SET quantity = quantity + 1 WHERE sku = 'later'"), pool);
  }

  @WithSpan
  public CompletionStage<String> stage(CompletableFuture<String> future) {
    return future.thenApply(value -> value + "!");
  }

  @WithSpan
  public Mono<Integer> count() {
    return Mono.fromCallable(() -> Shop.sql("UPDATE shop_stock SET quantity = quantity WHERE sku = 'count'"));
  }

  @WithSpan
  public Flux<String> skus(boolean fail) {
    return fail ? Flux.just("a").concatWith(Flux.error(new IllegalArgumentException("no more skus")))
        : Flux.just("a", "b");
  }

  /** Not annotated: no span. */
  public int plain() {
    return 1;
  }
}
