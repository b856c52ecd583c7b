package io.redisproxy.operator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.redisproxy.operator.api.v1alpha1.RedisProxy;
import io.redisproxy.operator.model.DesiredResources;
import io.redisproxy.operator.model.InvalidSpecException;
import io.redisproxy.operator.model.OperatorDefaults;
import io.redisproxy.operator.model.RedisProxyModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code render -f FILE}: prints every object the operator would create for the RedisProxy
 * resources in FILE, like {@code helm template}, using the operator's own model.
 */
final class RenderCommand {
  static final String USAGE =
      """
      Usage: render -f FILE [-n NAMESPACE]
        -f FILE       RedisProxy resources as YAML; - reads standard input
        -n NAMESPACE  namespace of resources that name none (default: default)
      """;
  static final int OK = 0;
  static final int INVALID = 1;
  static final int USAGE_ERROR = 2;

  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
  private static final ObjectMapper STRICT_YAML =
      new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final OperatorDefaults defaults;
  private final InputStream stdin;

  RenderCommand(OperatorDefaults defaults, InputStream stdin) {
    this.defaults = defaults;
    this.stdin = stdin;
  }

  int run(List<String> args, PrintStream out, PrintStream err) {
    String file = null;
    String namespace = "default";
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      boolean hasValue = i + 1 < args.size();
      if (arg.equals("-f") && hasValue) {
        file = args.get(++i);
      } else if (arg.equals("-n") && hasValue) {
        namespace = args.get(++i);
      } else {
        err.print("render: unexpected argument '" + arg + "'\n" + USAGE);
        return USAGE_ERROR;
      }
    }
    if (file == null) {
      err.print("render: -f FILE is required\n" + USAGE);
      return USAGE_ERROR;
    }
    String text;
    try {
      text =
          file.equals("-")
              ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
              : Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      err.println("render: cannot read " + file + ": " + e.getMessage());
      return USAGE_ERROR;
    }
    List<HasMetadata> objects = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    int document = 0;
    for (String yaml : DOCUMENT_SEPARATOR.split(text)) {
      if (yaml.isBlank() || yaml.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("#"))) {
        continue;
      }
      document++;
      String where = file + " document " + document;
      try {
        RedisProxy resource = read(yaml, where);
        if (resource.getMetadata().getNamespace() == null) {
          resource.getMetadata().setNamespace(namespace);
        }
        objects.addAll(DesiredResources.of(RedisProxyModel.of(resource, defaults)));
      } catch (InvalidSpecException e) {
        e.problems().forEach(problem -> problems.add(where + ": " + problem));
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      problems.forEach(err::println);
      return INVALID;
    }
    if (objects.isEmpty()) {
      err.println("render: " + file + " holds no RedisProxy");
      return INVALID;
    }
    for (HasMetadata object : objects) {
      out.print(Serialization.asYaml(object));
    }
    return OK;
  }

  private static RedisProxy read(String yaml, String where) {
    JsonNode tree;
    try {
      tree = STRICT_YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(where + ": not YAML: " + e.getOriginalMessage());
    }
    String kind = tree.path("kind").asText("");
    if (!kind.equals("RedisProxy")) {
      throw new IllegalArgumentException(
          where
              + ": is "
              + (kind.isEmpty() ? "no Kubernetes object" : "a " + kind)
              + "; render reads RedisProxy resources");
    }
    try {
      RedisProxy resource = STRICT_YAML.treeToValue(tree, RedisProxy.class);
      if (resource.getMetadata() == null) {
        throw new IllegalArgumentException(where + ": metadata: required, with a name");
      }
      return resource;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(where + ": " + e.getOriginalMessage());
    }
  }
}
