package io.redisproxy.proxy.metrics;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression (or a Grafana query over one) reads: every identifier that
 * is neither a function, a keyword, a label nor part of a literal.
 */
final class PromQlNames {
  private static final Pattern STRING =
      Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
  private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$\\w+");
  // Grafana's label_values(metric, label): the label after the comma names no metric.
  private static final Pattern LABEL_VALUES =
      Pattern.compile("label_values\\(([^,]*),\\s*\\w+\\s*\\)");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*]");
  private static final Pattern LABEL_LIST =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![\\w.:])[a-zA-Z_:][\\w:]*(?![\\w:]*\\s*\\()");
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "bool",
          "offset",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "inf",
          "nan",
          "atan2");

  private PromQlNames() {}

  static Set<String> of(String expression) {
    String rest = STRING.matcher(expression).replaceAll(" ");
    rest = GRAFANA_VARIABLE.matcher(rest).replaceAll(" ");
    rest = LABEL_VALUES.matcher(rest).replaceAll("$1");
    rest = MATCHERS.matcher(rest).replaceAll(" ");
    rest = RANGE.matcher(rest).replaceAll(" ");
    rest = LABEL_LIST.matcher(rest).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher identifier = IDENTIFIER.matcher(rest);
    while (identifier.find()) {
      String name = identifier.group();
      if (!KEYWORDS.contains(name.toLowerCase())) {
        names.add(name);
      }
    }
    return names;
  }
}
