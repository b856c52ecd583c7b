package io.redisproxy.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.redisproxy.proxy.config.AuthConfig;
import io.redisproxy.proxy.config.ListenerTls;
import io.redisproxy.proxy.config.ProxyConfig;
import io.redisproxy.proxy.config.UpstreamConfig.UpstreamAuth;
import io.redisproxy.proxy.config.UpstreamTls;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Passwords come from Secrets: mounted for the proxies, through the environment for Redis. */
class SecretMountsTest {
  private static final String MANAGED_WITH_AUTH =
      """
      redis:
        shards: 2
        auth: {passwordSecret: {name: cache-redis-auth}}
      auth: {passwordSecret: {name: cache-clients, key: token}}
      remotes:
        - name: west
          endpoint: 'cache.west.example:6380'
          auth: {passwordSecret: {name: cache-clients, key: token}}
      mirrors: [{upstream: west}]
      """;

  @Test
  void theProxyConfigNamesTheMountedFiles() {
    ProxyConfig config = Fixtures.model(MANAGED_WITH_AUTH).proxyConfig();

    assertThat(config.auth())
        .isEqualTo(
            new AuthConfig(null, List.of("/etc/redis-proxy-secrets/cache-clients/token"), null));
    assertThat(config.upstreams().get(0).auth())
        .isEqualTo(
            new UpstreamAuth(null, null, "/etc/redis-proxy-secrets/cache-redis-auth/password"));
    assertThat(config.upstream("west").auth())
        .isEqualTo(new UpstreamAuth(null, null, "/etc/redis-proxy-secrets/cache-clients/token"));
  }

  @Test
  void eachSecretIsMountedOnceAsADirectoryIntoTheProxy() {
    PodSpec pod =
        RedisStatefulSets.desired(Fixtures.model(MANAGED_WITH_AUTH))
            .get(0)
            .getSpec()
            .getTemplate()
            .getSpec();
    assertThat(pod.getVolumes())
        .filteredOn(volume -> volume.getSecret() != null)
        .extracting(Volume::getName, volume -> volume.getSecret().getSecretName())
        .containsExactly(tuple("secret-0", "cache-clients"), tuple("secret-1", "cache-redis-auth"));
    Container proxy = container(pod, "proxy");
    assertThat(proxy.getVolumeMounts())
        .filteredOn(mount -> mount.getName().startsWith("secret-"))
        .extracting(VolumeMount::getMountPath, VolumeMount::getSubPath, VolumeMount::getReadOnly)
        .containsExactly(
            tuple("/etc/redis-proxy-secrets/cache-clients", null, true),
            tuple("/etc/redis-proxy-secrets/cache-redis-auth", null, true));
  }

  @Test
  void redisRequiresThePasswordAndItsProbesAndReplicasGiveIt() {
    PodSpec pod =
        RedisStatefulSets.desired(Fixtures.model(MANAGED_WITH_AUTH))
            .get(1)
            .getSpec()
            .getTemplate()
            .getSpec();
    Container redis = container(pod, "redis");
    assertThat(redis.getEnv())
        .filteredOn(
            env -> env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null)
        .extracting(
            EnvVar::getName,
            env -> env.getValueFrom().getSecretKeyRef().getName(),
            env -> env.getValueFrom().getSecretKeyRef().getKey())
        .containsExactly(
            tuple("REDIS_PASSWORD", "cache-redis-auth", "password"),
            tuple("REDISCLI_AUTH", "cache-redis-auth", "password"));
    assertThat(String.join(" ", redis.getCommand()))
        .contains("--requirepass \"$REDIS_PASSWORD\" --masterauth \"$REDIS_PASSWORD\"");
    assertThat(redis.getVolumeMounts()).noneMatch(mount -> mount.getName().startsWith("secret-"));
    // The password is in no ConfigMap.
    assertThat(Fixtures.model(MANAGED_WITH_AUTH).redisConf()).doesNotContain("requirepass");
  }

  @Test
  void withoutAuthNothingIsMountedOrRequired() {
    PodSpec pod =
        RedisStatefulSets.desired(Fixtures.model(Fixtures.MINIMAL_MANAGED))
            .get(0)
            .getSpec()
            .getTemplate()
            .getSpec();
    assertThat(pod.getVolumes()).noneMatch(volume -> volume.getSecret() != null);
    assertThat(String.join(" ", container(pod, "redis").getCommand()))
        .doesNotContain("requirepass");
    assertThat(Fixtures.model(Fixtures.MINIMAL_MANAGED).proxyConfig().auth())
        .isEqualTo(AuthConfig.NONE);
  }

  @Test
  void theProxyOnlyTierMountsTheSecretsOfExternalGroups() {
    PodSpec pod =
        ProxyDeployments.desired(
                Fixtures.model(
                    Fixtures.MINIMAL_EXTERNAL.replace(
                        "- name: sessions",
                        "- name: sessions\n    auth: {username: app, passwordSecret: {name: s}}")))
            .getSpec()
            .getTemplate()
            .getSpec();
    assertThat(pod.getVolumes())
        .filteredOn(volume -> volume.getSecret() != null)
        .extracting(volume -> volume.getSecret().getSecretName())
        .containsExactly("s");
    assertThat(container(pod, "proxy").getVolumeMounts())
        .extracting(VolumeMount::getMountPath)
        .contains("/etc/redis-proxy-secrets/s");
  }

  private static Container container(PodSpec pod, String name) {
    return pod.getContainers().stream().filter(c -> c.getName().equals(name)).findFirst().get();
  }

  @Test
  void tlsOnTheClientPortAndToCloudRedisComeFromMountedSecrets() {
    RedisProxyModel model =
        Fixtures.model(
            Fixtures.MINIMAL_EXTERNAL.replace(
                    "- name: sessions",
                    "- name: sessions\n    tls: {caSecret: {name: cloud-ca}, serverName: redis.cloud.example}")
                + "tls: {secretName: edge-cert}\n");
    ProxyConfig config = model.proxyConfig();

    assertThat(config.tls())
        .isEqualTo(
            new ListenerTls(
                "/etc/redis-proxy-secrets/edge-cert/tls.crt",
                "/etc/redis-proxy-secrets/edge-cert/tls.key"));
    assertThat(config.upstream("sessions").tls())
        .isEqualTo(
            new UpstreamTls(
                "/etc/redis-proxy-secrets/cloud-ca/ca.crt", "redis.cloud.example", null));
    assertThat(config.upstream("catalog").tls()).isNull();
    PodSpec pod = ProxyDeployments.desired(model).getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes())
        .filteredOn(volume -> volume.getSecret() != null)
        .extracting(volume -> volume.getSecret().getSecretName())
        .containsExactly("edge-cert", "cloud-ca");
  }

  @Test
  void managedRedisSpeaksOnlyTlsWithItsCertificateAndTheProxiesCheckIt() {
    String spec = "redis: {shards: 1, tls: {secretName: cache-redis-tls}}";
    RedisProxyModel model = Fixtures.model(spec);

    assertThat(model.redisConf())
        .contains(
            "port 0\ntls-port 6379",
            "tls-replication yes",
            "tls-ca-cert-file /etc/redis-tls/ca.crt");
    PodSpec pod = RedisStatefulSets.desired(model).get(0).getSpec().getTemplate().getSpec();
    Container redis = container(pod, "redis");
    assertThat(redis.getVolumeMounts())
        .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/etc/redis-tls"));
    assertThat(String.join(" ", redis.getReadinessProbe().getExec().getCommand()))
        .contains("--tls --cacert /etc/redis-tls/ca.crt");
    assertThat(pod.getVolumes())
        .filteredOn(volume -> volume.getSecret() != null)
        .extracting(volume -> volume.getSecret().getSecretName())
        .containsOnly("cache-redis-tls");
    assertThat(model.proxyConfig().upstreams().get(0).tls())
        .isEqualTo(new UpstreamTls("/etc/redis-proxy-secrets/cache-redis-tls/ca.crt", null, null));
  }
}
