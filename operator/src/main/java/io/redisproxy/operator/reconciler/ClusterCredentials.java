package io.redisproxy.operator.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.redisproxy.operator.cluster.ClusterFormation;
import io.redisproxy.operator.cluster.SlotMover;
import io.redisproxy.operator.model.RedisProxyModel;
import io.redisproxy.operator.redis.ControlConnections;
import io.redisproxy.operator.sentinel.SentinelSetup;
import io.redisproxy.operator.sharded.KeyMover;
import io.redisproxy.proxy.tls.PemTrust;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLSocketFactory;
import redis.clients.jedis.JedisClientConfig;

/**
 * What it takes to talk to the managed Redis servers and sentinels (to form a cluster, set up
 * sentinels, move primary roles): their password and the CA of their certificate, read from the
 * Secrets the spec names. This is the one place the operator reads Secrets; the proxies get theirs
 * mounted.
 */
final class ClusterCredentials {
  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  private ClusterCredentials() {}

  /** A formation that authenticates and speaks TLS as the servers require. */
  static ClusterFormation formation(KubernetesClient client, RedisProxyModel model) {
    return new ClusterFormation(TIMEOUT, password(client, model), tls(client, model));
  }

  /** A slot mover that authenticates and speaks TLS as the servers require. */
  static SlotMover slotMover(
      KubernetesClient client, RedisProxyModel model, SlotMover.Settings settings) {
    return new SlotMover(TIMEOUT, password(client, model), tls(client, model), settings);
  }

  /** A key mover that authenticates and speaks TLS as the servers require. */
  static KeyMover keyMover(
      KubernetesClient client, RedisProxyModel model, KeyMover.Settings settings) {
    return new KeyMover(TIMEOUT, password(client, model), tls(client, model), settings);
  }

  /** A sentinel setup that authenticates and speaks TLS as the servers and sentinels require. */
  static SentinelSetup sentinelSetup(KubernetesClient client, RedisProxyModel model) {
    return new SentinelSetup(TIMEOUT, password(client, model), tls(client, model));
  }

  /** Connections to the servers and sentinels, with their password and CA. */
  static JedisClientConfig control(KubernetesClient client, RedisProxyModel model) {
    return ControlConnections.config(TIMEOUT, password(client, model), tls(client, model));
  }

  private static String password(KubernetesClient client, RedisProxyModel model) {
    String namespace = model.names().namespace();
    return model
        .redisPassword()
        .map(ref -> value(client, namespace, ref.getName(), ref.getKey()))
        .orElse(null);
  }

  private static SSLSocketFactory tls(KubernetesClient client, RedisProxyModel model) {
    String namespace = model.names().namespace();
    return model
        .redisTlsSecret()
        .map(secret -> trusting(secret, value(client, namespace, secret, "ca.crt")))
        .orElse(null);
  }

  /** The value of {@code key} in Secret {@code name}; throws saying what is missing. */
  private static String value(KubernetesClient client, String namespace, String name, String key) {
    Secret secret;
    try {
      secret = client.secrets().inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      throw new IllegalStateException("cannot read Secret " + name + ": " + e.getMessage(), e);
    }
    if (secret == null) {
      throw new IllegalStateException("Secret " + name + " not found");
    }
    if (secret.getData() != null && secret.getData().containsKey(key)) {
      return new String(
          Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
    if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
      return secret.getStringData().get(key);
    }
    throw new IllegalStateException("Secret " + name + " has no key " + key);
  }

  private static SSLSocketFactory trusting(String secret, String caPem) {
    try {
      return PemTrust.context(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)))
          .getSocketFactory();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "Secret " + secret + " holds no usable ca.crt: " + e.getMessage(), e);
    }
  }
}
