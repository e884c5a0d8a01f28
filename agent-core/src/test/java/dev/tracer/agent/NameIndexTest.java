package dev.tracer.agent;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracer.api.SubTypeMatcher;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which class names a type matcher can match, as the gate's index reads them from Byte Buddy's matchers. */
class NameIndexTest {
  @Test
  void readsTheNamesOfNameMatchers() {
    assertEquals(Collections.singleton("a.B"), NameIndex.namesOf(named("a.B")));
    assertEquals(new HashSet<>(Arrays.asList("a.B", "a.C")), NameIndex.namesOf(namedOneOf("a.B", "a.C")));
    // a class named so, which must also declare a method: still only that name
    assertEquals(Collections.singleton("a.B"), NameIndex.namesOf(named("a.B").and(declaresMethod(named("run")))));
    assertEquals(Collections.singleton("a.B"), NameIndex.namesOf(declaresMethod(named("run")).and(named("a.B"))));
    assertEquals(new HashSet<>(Arrays.asList("a.B", "a.C", "a.D")),
        NameIndex.namesOf(named("a.B").or(namedOneOf("a.C", "a.D"))));
  }

  @Test
  void matchersThatMayMatchOtherNamesAreTriedOnEveryClass() {
    assertNull(NameIndex.namesOf(nameStartsWith("a.")));
    assertNull(NameIndex.namesOf(not(named("a.B"))));
    assertNull(NameIndex.namesOf(named("a.B").or(nameStartsWith("a.C"))));
    assertNull(NameIndex.namesOf(declaresMethod(named("run"))));
    assertNull(NameIndex.namesOf(SubTypeMatcher.classesOf("java.sql.Connection")));
  }

  @Test
  void looksItemsUpByName() {
    NameIndex<String> index = new NameIndex<>();
    index.add(named("a.B"), "b");
    index.add(namedOneOf("a.B", "a.C"), "b-or-c");
    index.add(nameStartsWith("a."), "any-a");
    index.add(null, "sub-types");
    assertEquals(Arrays.asList("b", "b-or-c"), index.named("a.B"));
    assertEquals(List.of("b-or-c"), index.named("a.C"));
    assertTrue(index.named("a.D").isEmpty());
    assertEquals(Arrays.asList("any-a", "sub-types"), index.anyName());
  }
}
