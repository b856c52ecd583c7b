package io.redisproxy.proxy.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads and writes {@link ProxyConfig} as YAML. Reading validates: what it returns can be served.
 * Writing is canonical (stable field order), so equal configs give equal text and equal hashes.
 */
public final class ConfigCodec {
  private static final ObjectMapper YAML =
      new ObjectMapper(
              YAMLFactory.builder()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .build())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private ConfigCodec() {}

  /** Parses and validates; throws {@link ConfigException} naming what is wrong. */
  public static ProxyConfig parse(String yaml) {
    ProxyConfig config = decode(yaml);
    ConfigValidator.check(config);
    return config;
  }

  /** Parses without validating, for callers that complete the config first (secret files). */
  public static ProxyConfig decode(String yaml) {
    ProxyConfig config;
    try {
      config = YAML.readValue(yaml, ProxyConfig.class);
    } catch (JsonProcessingException e) {
      throw new ConfigException(describe(e));
    }
    if (config == null) {
      throw new ConfigException("the config is empty");
    }
    return config;
  }

  public static String write(ProxyConfig config) {
    try {
      return YAML.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a config record failed to serialize", e);
    }
  }

  /** A short content hash of the canonical text: changes exactly when the config does. */
  public static String hash(ProxyConfig config) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(write(config).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static String describe(JsonProcessingException e) {
    String where = e instanceof JsonMappingException mapping ? path(mapping) : "";
    String prefix = where.isEmpty() ? "" : where + ": ";
    if (e instanceof UnrecognizedPropertyException unknown) {
      String parent = path(unknown, unknown.getPath().size() - 1);
      return (parent.isEmpty() ? "" : parent + ": ")
          + "unknown field '"
          + unknown.getPropertyName()
          + "'";
    }
    String message = e.getOriginalMessage();
    if (e.getCause() instanceof IllegalArgumentException cause && cause.getMessage() != null) {
      message = cause.getMessage();
    }
    int line = e.getLocation() != null ? e.getLocation().getLineNr() : -1;
    return prefix + message + (line > 0 ? " (line " + line + ")" : "");
  }

  private static String path(JsonMappingException e) {
    return path(e, e.getPath().size());
  }

  private static String path(JsonMappingException e, int depth) {
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      JsonMappingException.Reference ref = e.getPath().get(i);
      if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      } else if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      }
    }
    return path.toString();
  }
}
