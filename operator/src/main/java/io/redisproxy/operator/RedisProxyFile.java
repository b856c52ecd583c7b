package io.redisproxy.operator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.redisproxy.operator.api.v1alpha1.RedisProxy;
import io.redisproxy.operator.model.InvalidSpecException;
import io.redisproxy.operator.model.OperatorDefaults;
import io.redisproxy.operator.model.RedisProxyModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The RedisProxy resources of a YAML file of one or more documents, as render and local read. */
final class RedisProxyFile {
  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
  private static final ObjectMapper STRICT_YAML =
      new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** The models of the file's resources, and every problem found, each naming its document. */
  record Contents(List<RedisProxyModel> models, List<String> problems) {}

  private RedisProxyFile() {}

  /** The text of {@code file}; {@code -} is standard input. */
  static String read(String file, InputStream stdin) throws IOException {
    return file.equals("-")
        ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
        : Files.readString(Path.of(file), StandardCharsets.UTF_8);
  }

  /**
   * Models every RedisProxy in {@code text}; resources without a namespace get {@code namespace}.
   */
  static Contents parse(String text, String file, String namespace, OperatorDefaults defaults) {
    List<RedisProxyModel> models = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    int document = 0;
    for (String yaml : DOCUMENT_SEPARATOR.split(text)) {
      if (yaml.isBlank() || yaml.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("#"))) {
        continue;
      }
      document++;
      String where = file + " document " + document;
      try {
        RedisProxy resource = resource(yaml, where);
        if (resource.getMetadata().getNamespace() == null) {
          resource.getMetadata().setNamespace(namespace);
        }
        models.add(RedisProxyModel.of(resource, defaults));
      } catch (InvalidSpecException e) {
        e.problems().forEach(problem -> problems.add(where + ": " + problem));
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    return new Contents(List.copyOf(models), List.copyOf(problems));
  }

  private static RedisProxy resource(String yaml, String where) {
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
              + "; only RedisProxy resources are read");
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
