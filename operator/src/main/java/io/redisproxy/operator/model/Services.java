package io.redisproxy.operator.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.LinkedHashMap;

/** The client Service, and the headless Service that names each Redis pod. */
public final class Services {
  static final String CLIENT_PORT_NAME = "redis";

  private Services() {}

  /** Clients connect here; it selects the pods that run a proxy. */
  public static Service client(RedisProxyModel model) {
    ResourceNames names = model.names();
    String component = proxyComponent(model);
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(names.clientService())
        .withNamespace(names.namespace())
        .withLabels(names.labels(component))
        .withAnnotations(new LinkedHashMap<>(model.serviceAnnotations()))
        .endMetadata()
        .withNewSpec()
        .withType(model.serviceType().name())
        .withSelector(names.selector(component))
        .addNewPort()
        .withName(CLIENT_PORT_NAME)
        .withPort(model.proxyPort())
        .withTargetPort(new IntOrString(Containers.PROXY_PORT_NAME))
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }

  /**
   * Gives each Redis and sentinel pod a DNS name (under one Service, so one certificate covers
   * both). Not-ready pods are published too: a replica must find its primary, and proxies their
   * shards, before anything is ready.
   */
  public static Service headless(RedisProxyModel model) {
    ResourceNames names = model.names();
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(names.headlessService())
        .withNamespace(names.namespace())
        .withLabels(names.labels(ResourceNames.REDIS_COMPONENT))
        .endMetadata()
        .withNewSpec()
        .withClusterIP("None")
        .withPublishNotReadyAddresses(true)
        .withSelector(names.redisAndSentinelSelector())
        .addNewPort()
        .withName(Containers.REDIS_PORT_NAME)
        .withPort(RedisProxyModel.REDIS_PORT)
        .withTargetPort(new IntOrString(Containers.REDIS_PORT_NAME))
        .withProtocol("TCP")
        .endPort()
        .addNewPort()
        .withName(Containers.SENTINEL_PORT_NAME)
        .withPort(RedisProxyModel.SENTINEL_PORT)
        .withTargetPort(new IntOrString(Containers.SENTINEL_PORT_NAME))
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }

  /** The component whose pods run the proxies clients reach. */
  static String proxyComponent(RedisProxyModel model) {
    return model.managesRedis() ? ResourceNames.REDIS_COMPONENT : ResourceNames.PROXY_COMPONENT;
  }
}
