package io.redisproxy.proxy.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Parses config spellings of enums, with an error that lists what is accepted. */
final class ConfigEnums {
  private ConfigEnums() {}

  static <E extends Enum<E> & ConfigEnum> E parse(Class<E> type, String text) {
    for (E value : type.getEnumConstants()) {
      if (value.configName().equalsIgnoreCase(text)) {
        return value;
      }
    }
    String accepted =
        Arrays.stream(type.getEnumConstants())
            .map(ConfigEnum::configName)
            .collect(Collectors.joining(", "));
    throw new IllegalArgumentException("'" + text + "' is not one of: " + accepted);
  }
}
