package io.redisproxy.proxy.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a key picks its shard within an upstream group. */
public enum Hashing implements ConfigEnum {
  /** Maglev consistent hashing: even shares, little movement when shards change. */
  MAGLEV,
  /** The ketama ring of twemproxy and memcached clients, for compatibility with existing data. */
  KETAMA;

  @JsonValue
  @Override
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static Hashing fromConfig(String text) {
    return ConfigEnums.parse(Hashing.class, text);
  }
}
