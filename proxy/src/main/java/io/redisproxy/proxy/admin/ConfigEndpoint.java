package io.redisproxy.proxy.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.redisproxy.proxy.config.ConfigCodec;
import io.redisproxy.proxy.config.ProxyConfig;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /config}: the live config with secrets redacted, and its hash. YAML by default, in the
 * config file's own layout; {@code ?format=json} wraps it as {@code {"hash": ..., "config": ...}}.
 * The hash is of the unredacted config, so it matches the one in the metrics and the logs.
 */
final class ConfigEndpoint implements AdminEndpoint {
  static final String HASH_HEADER = "X-Config-Hash";

  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .build());
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Supplier<ProxyConfig> config;

  ConfigEndpoint(Supplier<ProxyConfig> config) {
    this.config = config;
  }

  @Override
  public AdminResponse get(Map<String, List<String>> parameters) {
    String format = parameters.getOrDefault("format", List.of("yaml")).get(0);
    if (!format.equals("yaml") && !format.equals("json")) {
      return AdminResponse.text(
          HttpResponseStatus.BAD_REQUEST,
          "unknown format '" + format + "': use format=yaml or format=json\n");
    }
    ProxyConfig live = config.get();
    String hash = ConfigCodec.hash(live);
    ObjectNode redacted = ConfigRedactor.redact(live);
    AdminResponse response =
        format.equals("json")
            ? AdminResponse.ok("application/json", json(hash, redacted))
            : AdminResponse.ok("application/yaml", "# config hash " + hash + "\n" + yaml(redacted));
    return response.withHeader(HASH_HEADER, hash);
  }

  private static String yaml(ObjectNode redacted) {
    return write(YAML, redacted);
  }

  private static String json(String hash, ObjectNode redacted) {
    ObjectNode view = JSON.createObjectNode();
    view.put("hash", hash);
    view.set("config", redacted);
    return write(JSON, view) + "\n";
  }

  private static String write(ObjectMapper mapper, ObjectNode tree) {
    try {
      return mapper.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a config tree failed to serialize", e);
    }
  }
}
