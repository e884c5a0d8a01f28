package dev.tracer.instrumentation.annotations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.acme.shop.Billing;
import com.acme.shop.Inventory;
import com.acme.shop.LegacyInventory;
import com.acme.shop.Shop;
import dev.tracer.bootstrap.CustomEvent;
import dev.tracer.bootstrap.Dispatch;
import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestedVersions;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * {@code @WithSpan} of both packages and methods by configuration, on real JDBC (H2): names, kinds, attributes,
 * parent and child spans, errors, and spans that end when a returned future or publisher completes.
 */
class WithSpanTest {
  // @SpanAttribute without a value takes the parameter's name, which a class retransformed on JDK 18 and older
  // loses (JDK-8240908, fixed in 19): in this JVM the agent comes after the classes of the test are loaded
  static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("code.namespace");
  static final AttributeKey<String> FUNCTION = AttributeKey.stringKey("code.function");

  @BeforeAll
  static void install() {
    AgentTesting.install(Collections.singletonMap("tracer.methods.include",
        "com.acme.shop.Billing[charge,refund];com.acme.shop.Billing$Jobs[*]"));
    TestedVersions.assertLoaded(WithSpan.class, io.opentelemetry.extension.annotations.WithSpan.class);
    Shop.createTables();
  }

  @BeforeEach
  void reset() {
    AgentTesting.reset();
  }

  static SpanData one(List<SpanData> spans, String name) {
    List<SpanData> named = spans.stream().filter(s -> s.getName().equals(name)).collect(Collectors.toList());
    assertThat(named).as(name).hasSize(1);
    return named.get(0);
  }

  static List<SpanData> children(List<SpanData> spans, SpanData parent) {
    return spans.stream().filter(s -> s.getParentSpanId().equals(parent.getSpanId())).collect(Collectors.toList());
  }

  @Test
  void anAnnotatedMethodIsASpanBelowItsCallerWithItsQueryBelowIt() {
    Inventory inventory = new Inventory();
    CustomEvent request = new CustomEvent("test", "GET /reserve");
    Dispatch.start(request);
    assertThat(inventory.reserve("sku-1", 2, "gift")).isEqualTo(0);
    Dispatch.end(request, null);
    List<SpanData> spans = AgentTesting.spans(3);

    SpanData reserve = one(spans, "Inventory.reserve");
    assertThat(reserve.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(reserve.getParentSpanId()).isEqualTo(one(spans, "GET /reserve").getSpanId());
    assertThat(reserve.getAttributes().get(NAMESPACE)).isEqualTo(Inventory.class.getName());
    assertThat(reserve.getAttributes().get(FUNCTION)).isEqualTo("reserve");
    assertThat(reserve.getAttributes().get(AttributeKey.stringKey("shop.sku"))).isEqualTo("sku-1");
    if (Runtime.version().feature() >= 19) { // see the note above the class
      assertThat(reserve.getAttributes().get(AttributeKey.longKey("quantity"))).isEqualTo(2L);
    }
    assertThat(reserve.getAttributes().asMap().keySet()).extracting(AttributeKey::getKey).doesNotContain("note");
    assertThat(children(spans, reserve)).extracting(SpanData::getName, SpanData::getKind)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("UPDATE shop_stock", SpanKind.CLIENT));
  }

  @Test
  void theAnnotationNamesTheSpanAndItsKind() {
    Inventory inventory = new Inventory();
    assertThat(inventory.price(4, true)).isEqualTo(12L);
    assertThat(inventory.plain()).isEqualTo(1);
    assertThat(Inventory.total(new int[] {1, 2}, new String[0][])).isEqualTo(3);
    List<SpanData> spans = AgentTesting.spans(2);
    assertThat(one(spans, "Inventory.total").getAttributes().get(FUNCTION)).isEqualTo("total");
    SpanData pricing = one(spans, "pricing");
    assertThat(pricing.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(pricing.getParentSpanContext().isValid()).isFalse();
    assertThat(pricing.getAttributes().get(AttributeKey.longKey("shop.count"))).isEqualTo(4L);
    assertThat(pricing.getAttributes().get(AttributeKey.booleanKey("shop.express"))).isTrue();
    assertThat(AgentTesting.exported()).as("no span of the unannotated method").hasSize(2);
  }

  @Test
  void anExceptionIsAnErrorAndReachesTheCallerUnchanged() {
    Inventory inventory = new Inventory();
    assertThatThrownBy(() -> inventory.fail("out of stock"))
        .isExactlyInstanceOf(IllegalStateException.class).hasMessage("out of stock");
    SpanData fail = one(AgentTesting.spans(1), "Inventory.fail");
    assertThat(fail.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(fail.getEvents()).singleElement().satisfies(event -> {
      assertThat(event.getName()).isEqualTo("exception");
      assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.message"))).isEqualTo("out of stock");
    });
  }

  @Test
  void aReturnedFutureEndsTheSpanWhenItCompletes() {
    Inventory inventory = new Inventory();
    CompletableFuture<String> pending = new CompletableFuture<>();
    assertThat(inventory.later(pending)).isSameAs(pending);
    CompletableFuture<String> failing = new CompletableFuture<>();
    CompletionStage<String> stage = inventory.stage(failing);
    assertThat(AgentTesting.exported()).as("nothing ends before its future").isEmpty();

    pending.complete("ok");
    failing.completeExceptionally(new IllegalArgumentException("no price"));
    List<SpanData> spans = AgentTesting.spans(2);
    assertThat(one(spans, "Inventory.later").getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    SpanData failed = one(spans, "Inventory.stage");
    assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(failed.getEvents()).extracting(e -> e.getAttributes().get(AttributeKey.stringKey("exception.message")))
        .containsExactly("no price");
    assertThat(stage.toCompletableFuture()).isCompletedExceptionally();
  }

  @Test
  void workHandedToAPoolIsBelowTheSpanThatEndsWithIt() throws Exception {
    Inventory inventory = new Inventory();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      assertThat(inventory.restockLater(pool).get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(0);
    } finally {
      pool.shutdown();
    }
    List<SpanData> spans = AgentTesting.spans(2);
    SpanData restock = one(spans, "Inventory.restockLater");
    SpanData update = one(spans, "UPDATE shop_stock");
    assertThat(update.getParentSpanId()).isEqualTo(restock.getSpanId());
    assertThat(restock.getEndEpochNanos()).isGreaterThanOrEqualTo(update.getEndEpochNanos());
  }

  @Test
  void aMonoOrFluxEndsTheSpanWhenItTerminates() {
    Inventory inventory = new Inventory();
    assertThat(inventory.count().block()).isEqualTo(0);
    assertThat(inventory.skus(false).collectList().block()).containsExactly("a", "b");
    Flux<String> failing = inventory.skus(true);
    assertThatThrownBy(failing::blockLast).hasMessage("no more skus");
    List<SpanData> spans = AgentTesting.spans(4);
    SpanData count = one(spans, "Inventory.count");
    assertThat(count.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(one(spans, "UPDATE shop_stock").getEndEpochNanos()).isLessThanOrEqualTo(count.getEndEpochNanos());
    List<SpanData> skus = spans.stream().filter(s -> s.getName().equals("Inventory.skus")).collect(Collectors.toList());
    assertThat(skus).extracting(s -> s.getStatus().getStatusCode())
        .containsExactlyInAnyOrder(StatusCode.UNSET, StatusCode.ERROR);
  }

  @Test
  void theOlderAnnotationPackageGivesTheSameSpans() {
    LegacyInventory legacy = new LegacyInventory();
    legacy.restock("sku-2");
    legacy.send();
    List<SpanData> spans = AgentTesting.spans(3);
    SpanData restock = one(spans, "LegacyInventory.restock");
    assertThat(restock.getAttributes().get(FUNCTION)).isEqualTo("restock");
    assertThat(children(spans, restock)).extracting(SpanData::getName).containsExactly("UPDATE shop_stock");
    boolean hasSpanAttribute = LegacyInventory.class.getClassLoader()
        .getResource("io/opentelemetry/extension/annotations/SpanAttribute.class") != null;
    assertThat(restock.getAttributes().get(AttributeKey.stringKey("shop.sku"))).isEqualTo(hasSpanAttribute ? "sku-2" : null);
    assertThat(one(spans, "legacy.send").getKind()).isEqualTo(SpanKind.PRODUCER);
  }

  @Test
  void methodsNamedInTheConfigurationAreInternalSpans() {
    Billing billing = new Billing();
    assertThat(billing.charge(5)).isEqualTo(0);
    assertThatThrownBy(billing::refund).isExactlyInstanceOf(UnsupportedOperationException.class);
    billing.audit();
    Billing.Jobs jobs = new Billing.Jobs();
    jobs.nightly();
    assertThat(jobs.weekly()).isEqualTo("done");
    List<SpanData> spans = AgentTesting.spans(5);
    SpanData charge = one(spans, "Billing.charge");
    assertThat(charge.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(charge.getAttributes().get(NAMESPACE)).isEqualTo(Billing.class.getName());
    assertThat(children(spans, charge)).extracting(SpanData::getName).containsExactly("UPDATE shop_stock");
    assertThat(one(spans, "Billing.refund").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(one(spans, "Jobs.nightly").getAttributes().get(NAMESPACE)).isEqualTo(Billing.Jobs.class.getName());
    one(spans, "Jobs.weekly");
    assertThat(AgentTesting.exported()).extracting(SpanData::getName).doesNotContain("Billing.audit", "Jobs.<init>");
  }
}
