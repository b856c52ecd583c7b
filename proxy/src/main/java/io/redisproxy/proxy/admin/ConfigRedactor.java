package io.redisproxy.proxy.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.redisproxy.proxy.config.ConfigCodec;
import io.redisproxy.proxy.config.ProxyConfig;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * The canonical config text as a tree with its secrets replaced by {@value #MASK}. A field is
 * secret when its name contains "password" or "secret", wherever it sits, so secrets added to the
 * config later stay hidden without a change here.
 */
final class ConfigRedactor {
  static final String MASK = "******";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ConfigRedactor() {}

  static ObjectNode redact(ProxyConfig config) {
    JsonNode tree;
    try {
      tree = YAML.readTree(ConfigCodec.write(config));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the config codec wrote YAML it cannot read back", e);
    }
    redactSecrets(tree);
    return (ObjectNode) tree;
  }

  private static void redactSecrets(JsonNode node) {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (isSecret(field.getKey())) {
          field.setValue(mask(field.getValue()));
        } else {
          redactSecrets(field.getValue());
        }
      }
    } else if (node instanceof ArrayNode array) {
      array.forEach(ConfigRedactor::redactSecrets);
    }
  }

  private static boolean isSecret(String fieldName) {
    String name = fieldName.toLowerCase(Locale.ROOT);
    return name.contains("password") || name.contains("secret");
  }

  /** The same shape with every value hidden, so a list of passwords stays a list. */
  private static JsonNode mask(JsonNode value) {
    if (value instanceof ObjectNode object) {
      object.fields().forEachRemaining(field -> field.setValue(mask(field.getValue())));
      return object;
    }
    if (value instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, mask(array.get(i)));
      }
      return array;
    }
    return value.isNull() ? value : TextNode.valueOf(MASK);
  }
}
