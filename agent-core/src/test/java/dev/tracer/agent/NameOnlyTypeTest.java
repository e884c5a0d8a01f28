package dev.tracer.agent;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the gate decides from a class name alone, and where it must leave the answer to Byte Buddy. */
class NameOnlyTypeTest {
  private static final NameOnlyType ORDERS = new NameOnlyType("com.acme.Orders");

  @Test
  void aMatcherOfNamesAnswersFromTheName() {
    assertThat(NameOnlyType.decide(named("com.acme.Orders"), ORDERS)).isTrue();
    assertThat(NameOnlyType.decide(named("com.acme.Customers"), ORDERS)).isFalse();
    assertThat(NameOnlyType.decide(namedOneOf("a.B", "com.acme.Orders"), ORDERS)).isTrue();
    assertThat(NameOnlyType.decide(nameStartsWith("org.h2."), ORDERS)).isFalse();
    assertThat(NameOnlyType.decide(not(named("com.acme.Orders")), ORDERS)).isFalse();
  }

  @Test
  void aNameFirstConjunctionIsTurnedDownByTheNameAndOtherwiseNeedsTheClass() {
    // as the Jedis and Spring MVC modules match: the class by name, then one of its methods
    assertThat(NameOnlyType.decide(named("com.acme.Customers").and(declaresMethod(named("send"))), ORDERS)).isFalse();
    assertThat(NameOnlyType.decide(named("com.acme.Orders").and(declaresMethod(named("send"))), ORDERS)).isNull();
  }

  @Test
  void aMatcherOnAnythingButTheNameNeedsTheClass() {
    assertThat(NameOnlyType.decide(isInterface(), ORDERS)).isNull();
    assertThat(NameOnlyType.decide(declaresMethod(named("find")), ORDERS)).isNull();
    assertThat(NameOnlyType.decide(named("x.Y").or(isInterface()), ORDERS)).isNull();
  }
}
