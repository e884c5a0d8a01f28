package dev.tracer.agent.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.agent.Config;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code TRACER_SAMPLER_RULES} as parsed: globs, first match, bad rules skipped one line each. */
class SamplerRulesTest {
  private static SamplerRules parse(String text, List<String> problems) {
    return SamplerRules.parse(text, problems);
  }

  private static Double ratio(SamplerRules rules, String path) {
    SamplerRules.Rule rule = rules.match(path);
    return rule == null ? null : rule.ratio;
  }

  @Test
  void theIssuesExampleFirstMatchWins() {
    List<String> problems = new ArrayList<>();
    SamplerRules rules = parse("/health=0,/actuator/**=0,/api/checkout/**=1,/api/search/**=0.01,/api/**=0.5", problems);
    assertThat(problems).isEmpty();
    assertThat(rules.rules).extracting(r -> r.glob)
        .containsExactly("/health", "/actuator/**", "/api/checkout/**", "/api/search/**", "/api/**");
    assertThat(ratio(rules, "/health")).isEqualTo(0.0);
    assertThat(ratio(rules, "/health/deep")).isNull();
    assertThat(ratio(rules, "/healthz")).isNull();
    assertThat(ratio(rules, "/actuator")).isEqualTo(0.0);
    assertThat(ratio(rules, "/actuator/health/liveness")).isEqualTo(0.0);
    assertThat(ratio(rules, "/actuatorx")).isNull();
    assertThat(ratio(rules, "/api/checkout/cart/7")).isEqualTo(1.0);
    assertThat(ratio(rules, "/api/search")).isEqualTo(0.01);
    assertThat(ratio(rules, "/api/orders/7")).isEqualTo(0.5);
    assertThat(ratio(rules, "/")).isNull();
  }

  @Test
  void oneStarStaysWithinASegmentTwoStarsCross() {
    SamplerRules rules = parse("/users/*/avatar=0,/files/**/raw=0.2,/v*/ping=0.3", new ArrayList<>());
    assertThat(ratio(rules, "/users/7/avatar")).isEqualTo(0.0);
    assertThat(ratio(rules, "/users/7/8/avatar")).isNull();
    assertThat(ratio(rules, "/users//avatar")).isEqualTo(0.0);
    assertThat(ratio(rules, "/files/a/b/c/raw")).isEqualTo(0.2);
    assertThat(ratio(rules, "/files/x/raw")).isEqualTo(0.2);
    assertThat(ratio(rules, "/v2/ping")).isEqualTo(0.3);
    assertThat(ratio(rules, "/v2/x/ping")).isNull();
  }

  @Test
  void regexCharactersInAGlobAreLiteral() {
    SamplerRules rules = parse("/a.b/(c)+=0", new ArrayList<>());
    assertThat(ratio(rules, "/a.b/(c)+")).isEqualTo(0.0);
    assertThat(ratio(rules, "/aXb/cc")).isNull();
  }

  @Test
  void badRulesAreSkippedWithOneLineEach() {
    List<String> problems = new ArrayList<>();
    SamplerRules rules = parse("/ok=0.5, health=0, /x=abc, /y=1.5, /z, /q?=1, /keep/**=0", problems);
    assertThat(rules.rules).extracting(Object::toString).containsExactly("/ok=0.5", "/keep/**=0.0");
    assertThat(problems).hasSize(5);
    assertThat(problems).allMatch(p -> p.startsWith("TRACER_SAMPLER_RULES: rule '"));
    assertThat(problems.get(0)).contains("'health=0'").contains("start with /");
    assertThat(problems.get(1)).contains("'/x=abc'").contains("not a number");
    assertThat(problems.get(2)).contains("'/y=1.5'").contains("between 0 and 1");
    assertThat(problems.get(3)).contains("'/z'");
  }

  @Test
  void configReportsBadRulesAsWarningsAndKeepsTheGoodOnes() {
    Map<String, String> env = new HashMap<>();
    env.put("TRACER_SAMPLER_RULES", "/health=0,bad");
    Config config = new Config(env, new HashMap<>());
    assertThat(config.samplerRules.rules).extracting(Object::toString).containsExactly("/health=0.0");
    assertThat(config.warnings()).containsExactly("TRACER_SAMPLER_RULES: rule 'bad' skipped (not <path-glob>=<ratio>)");
    assertThat(new Config(new HashMap<>(), new HashMap<>()).samplerRules.isEmpty()).isTrue();
  }
}
