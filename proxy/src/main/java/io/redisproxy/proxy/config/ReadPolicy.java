package io.redisproxy.proxy.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Which node of a shard serves reads. Writes always go to the primary. */
public enum ReadPolicy implements ConfigEnum {
  PRIMARY("primary"),
  PREFER_PRIMARY("preferPrimary"),
  REPLICA("replica"),
  PREFER_REPLICA("preferReplica"),
  ANY("any");

  private final String configName;

  ReadPolicy(String configName) {
    this.configName = configName;
  }

  @JsonValue
  @Override
  public String configName() {
    return configName;
  }

  @JsonCreator
  public static ReadPolicy fromConfig(String text) {
    return ConfigEnums.parse(ReadPolicy.class, text);
  }
}
