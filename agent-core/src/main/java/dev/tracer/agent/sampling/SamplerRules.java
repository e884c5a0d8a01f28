package dev.tracer.agent.sampling;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code TRACER_SAMPLER_RULES}: {@code <path-glob>=<ratio>,...}, e.g.
 * {@code /health=0,/actuator/**=0,/api/checkout/**=1,/api/search/**=0.01}. A glob starts with {@code /};
 * {@code *} matches within one path segment, {@code **} across segments ({@code /a/**} also matches {@code /a}).
 * The first rule that matches a path wins. A rule that cannot be read is reported and skipped; the others stay.
 */
public final class SamplerRules {
  public static final SamplerRules NONE = new SamplerRules(Collections.emptyList());

  /** One rule as parsed. */
  public static final class Rule {
    public final String glob;
    public final double ratio;
    final Pattern pattern;

    Rule(String glob, double ratio) {
      this.glob = glob;
      this.ratio = ratio;
      this.pattern = Pattern.compile(regex(glob));
    }

    public boolean matches(String path) {
      return pattern.matcher(path).matches();
    }

    @Override
    public String toString() {
      return glob + "=" + ratio;
    }
  }

  public final List<Rule> rules;

  private SamplerRules(List<Rule> rules) {
    this.rules = Collections.unmodifiableList(rules);
  }

  /** Parses {@code text}; each rule skipped goes to {@code problems} as one line. */
  public static SamplerRules parse(String text, List<String> problems) {
    List<Rule> rules = new ArrayList<>();
    for (String part : text.split(",")) {
      String rule = part.trim();
      if (rule.isEmpty()) {
        continue;
      }
      int eq = rule.lastIndexOf('=');
      String glob = eq < 0 ? rule : rule.substring(0, eq).trim();
      String why = null;
      double ratio = 0;
      if (eq < 0) {
        why = "not <path-glob>=<ratio>";
      } else if (!glob.startsWith("/")) {
        why = "the path glob must start with /";
      } else if (glob.contains("***") || glob.contains("?") || glob.contains("#")) {
        why = "a path glob has only *, ** and the path's own characters";
      } else {
        try {
          ratio = Double.parseDouble(rule.substring(eq + 1).trim());
          if (!(ratio >= 0.0 && ratio <= 1.0)) {
            why = "the ratio must be between 0 and 1";
          }
        } catch (NumberFormatException e) {
          why = "the ratio is not a number";
        }
      }
      if (why != null) {
        problems.add("TRACER_SAMPLER_RULES: rule '" + rule + "' skipped (" + why + ")");
      } else {
        rules.add(new Rule(glob, ratio));
      }
    }
    return rules.isEmpty() ? NONE : new SamplerRules(rules);
  }

  /** The first rule matching {@code path}, or null. */
  public Rule match(String path) {
    for (int i = 0; i < rules.size(); i++) {
      Rule rule = rules.get(i);
      if (rule.matches(path)) {
        return rule;
      }
    }
    return null;
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  @Override
  public String toString() {
    return rules.toString();
  }

  static String regex(String glob) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < glob.length()) {
      if (glob.startsWith("/**", i) && i + 3 == glob.length()) {
        out.append("(/.*)?"); // /a/** is /a and everything under it
        i += 3;
      } else if (glob.startsWith("**", i)) {
        out.append(".*");
        i += 2;
      } else if (glob.charAt(i) == '*') {
        out.append("[^/]*");
        i++;
      } else {
        int next = i;
        while (next < glob.length() && glob.charAt(next) != '*' && !(glob.startsWith("/**", next) && next + 3 == glob.length())) {
          next++;
        }
        out.append(Pattern.quote(glob.substring(i, next)));
        i = next;
      }
    }
    return out.toString();
  }
}
