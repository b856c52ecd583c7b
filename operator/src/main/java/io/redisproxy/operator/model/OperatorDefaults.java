package io.redisproxy.operator.model;

/** What the operator fills in when a RedisProxy leaves it out: the container images. */
public record OperatorDefaults(String redisImage, String proxyImage) {}
