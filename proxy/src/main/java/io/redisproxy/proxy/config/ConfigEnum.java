package io.redisproxy.proxy.config;

/** An enum whose config spelling differs from its Java name. */
interface ConfigEnum {
  String configName();
}
