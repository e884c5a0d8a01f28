package dev.tracer.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The application's attributes as the bridge hands them over ({@code key, type, value} triples, the type as the
 * application's API names it): typed as the application typed them, set straight on its span.
 */
class ApplicationBridgeAttributesTest {
  @Test
  void everyTypeOfTheApiKeepsItsType() {
    Attributes attributes = ApplicationBridge.attributes(new Object[] {
        "s", "STRING", "text",
        "b", "BOOLEAN", true,
        "l", "LONG", 42,
        "d", "DOUBLE", 1.5f,
        "sa", "STRING_ARRAY", List.of("a", "b"),
        "ba", "BOOLEAN_ARRAY", List.of(true, false),
        "la", "LONG_ARRAY", List.of(1L, 2L),
        "da", "DOUBLE_ARRAY", List.of(0.5, 2.0),
        "future", "VALUE_OF_A_NEWER_API", 7});

    assertThat(attributes.get(AttributeKey.stringKey("s"))).isEqualTo("text");
    assertThat(attributes.get(AttributeKey.booleanKey("b"))).isTrue();
    assertThat(attributes.get(AttributeKey.longKey("l"))).isEqualTo(42L);
    assertThat(attributes.get(AttributeKey.doubleKey("d"))).isEqualTo(1.5);
    assertThat(attributes.get(AttributeKey.stringArrayKey("sa"))).containsExactly("a", "b");
    assertThat(attributes.get(AttributeKey.booleanArrayKey("ba"))).containsExactly(true, false);
    assertThat(attributes.get(AttributeKey.longArrayKey("la"))).containsExactly(1L, 2L);
    assertThat(attributes.get(AttributeKey.doubleArrayKey("da"))).containsExactly(0.5, 2.0);
    assertThat(attributes.get(AttributeKey.stringKey("future"))).as("a type newer than the agent's: its text")
        .isEqualTo("7");
    assertThat(attributes.size()).isEqualTo(9);
  }

  @Test
  void whatCannotBeReadIsLeftOutAndTheLaterValueOfAKeyWins() {
    Map<AttributeKey<?>, Object> set = new LinkedHashMap<>();
    ApplicationBridge.forEachAttribute(new Object[] {
        "flag", "BOOLEAN", "not a boolean",
        "count", "LONG", "not a number",
        "list", "STRING_ARRAY", "not a list",
        null, "STRING", "no key",
        "empty", "STRING", null,
        "user", "STRING", "first",
        "user", "STRING", "second",
        "dangling", "STRING"}, set::put);

    assertThat(set).containsOnlyKeys(AttributeKey.stringKey("user"));
    assertThat(set.get(AttributeKey.stringKey("user"))).isEqualTo("second");
  }

  @Test
  void aKeyIsMadeOncePerNameAndType() {
    Map<AttributeKey<?>, Object> first = new LinkedHashMap<>();
    Map<AttributeKey<?>, Object> second = new LinkedHashMap<>();
    Object[] triples = {"shop.sku", "STRING", "sku-1", "shop.quantity", "LONG", 3L};
    ApplicationBridge.forEachAttribute(triples, first::put);
    ApplicationBridge.forEachAttribute(triples, second::put);

    List<AttributeKey<?>> firstKeys = List.copyOf(first.keySet());
    List<AttributeKey<?>> secondKeys = List.copyOf(second.keySet());
    assertThat(secondKeys.get(0)).isSameAs(firstKeys.get(0));
    assertThat(secondKeys.get(1)).isSameAs(firstKeys.get(1));
  }
}
