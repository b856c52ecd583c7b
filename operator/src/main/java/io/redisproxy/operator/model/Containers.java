package io.redisproxy.operator.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.redisproxy.operator.api.v1alpha1.SecretKeyRef;
import java.util.List;
import java.util.Optional;

/** The Redis and proxy containers, their volumes and their security settings. */
final class Containers {
  static final String REDIS = "redis";
  static final String PROXY = "proxy";
  static final String PROXY_PORT_NAME = "proxy";
  static final String ADMIN_PORT_NAME = "admin";
  static final String REDIS_PORT_NAME = "redis";
  static final String SENTINEL = "sentinel";
  static final String SENTINEL_PORT_NAME = "sentinel";

  static final String CONFIG_VOLUME = "config";
  static final String DATA_VOLUME = "data";
  static final String TMP_VOLUME = "tmp";

  /** Mounted as a directory, never by subPath, so the proxy sees config updates. */
  static final String CONFIG_DIR = "/etc/redis-proxy";

  /** The redis user of the official Redis image. */
  static final long REDIS_UID = 999;

  /** The user of the proxy image. */
  static final long PROXY_UID = 10001;

  /**
   * The Redis container's command. The password comes from the Secret through the environment,
   * never from the ConfigMap. A Redis Cluster node announces its stable per-pod DNS name, so that
   * clients and the proxy follow it across restarts that change its IP address, and the operator
   * forms the cluster. A shard with replicas has sentinels, and a pod replicates whichever pod they
   * name the primary (see {@link StartScripts#sentinelledRedis}); a shard without replicas is its
   * one primary.
   */
  private static String redisStart(RedisProxyModel model, int shard, boolean auth, boolean tls) {
    String server =
        "redis-server "
            + CONFIG_DIR
            + "/"
            + ResourceNames.REDIS_CONFIG_KEY
            + (auth ? " --requirepass \"$REDIS_PASSWORD\" --masterauth \"$REDIS_PASSWORD\"" : "");
    if (model.clusterMode()) {
      return "exec "
          + server
          + " --cluster-announce-hostname \""
          + model.names().hostOf("$POD_NAME")
          + "\" --cluster-preferred-endpoint-type hostname";
    }
    if (model.sentinels()) {
      return StartScripts.sentinelledRedis(model, shard, server, redisCliCommand(tls));
    }
    return "exec " + server;
  }

  static final String REDIS_TLS_VOLUME = "redis-tls";

  /** redis-cli to the pod's own server, over TLS when the server speaks only TLS. */
  private static String redisCli(boolean tls) {
    return redisCliCommand(tls) + " -p " + RedisProxyModel.REDIS_PORT;
  }

  /** redis-cli without a server: it reads the password from REDISCLI_AUTH. */
  private static String redisCliCommand(boolean tls) {
    return "redis-cli" + (tls ? " --tls --cacert " + RedisConf.TLS_DIR + "/ca.crt" : "");
  }

  /**
   * Ready once it answers PONG, and a replica only once its link to the primary is up and the first
   * sync is done, so a restart never moves on while a copy is still being made. In a Redis Cluster
   * a primary is ready only once it serves slots: a node replaced with an empty volume is a primary
   * of nothing until the operator makes it a replica.
   */
  static String redisReady(boolean tls, boolean cluster) {
    String cli = redisCli(tls);
    return "r=$("
        + cli
        + " info replication) || exit 1; case \"$r\" in *role:slave*) echo \"$r\" | grep -q"
        + " 'master_link_status:up' && ! echo \"$r\" | grep -q 'master_sync_in_progress:1' ;; *) "
        + cli
        + " ping | grep -q PONG"
        + (cluster ? " && " + cli + " cluster nodes | grep myself | awk '{ exit !(NF > 8) }'" : "")
        + " ;; esac";
  }

  private Containers() {}

  static Container redis(RedisProxyModel model, int shard) {
    Optional<SecretKeyRef> password = model.redisPassword();
    boolean tls = model.redisTlsSecret().isPresent();
    String start = redisStart(model, shard, password.isPresent(), tls);
    ContainerBuilder container =
        new ContainerBuilder()
            .withName(REDIS)
            .withImage(model.redisImage())
            .withCommand("sh", "-c", start);
    redisEnv(container, password);
    return container
        .addNewPort()
        .withName(REDIS_PORT_NAME)
        .withContainerPort(RedisProxyModel.REDIS_PORT)
        .withProtocol("TCP")
        .endPort()
        .withReadinessProbe(exec(5, 3, "sh", "-c", redisReady(tls, model.clusterMode())))
        // Alive while it answers at all, even LOADING, so a long load is not killed.
        .withLivenessProbe(exec(10, 6, "sh", "-c", redisCli(tls) + " ping"))
        .withResources(model.redisResources().orElse(null))
        .addNewVolumeMount()
        .withName(CONFIG_VOLUME)
        .withMountPath(CONFIG_DIR)
        .withReadOnly(true)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName(DATA_VOLUME)
        .withMountPath(RedisConf.DATA_DIR)
        .endVolumeMount()
        .addAllToVolumeMounts(redisTlsMount(tls))
        .withSecurityContext(restricted(REDIS_UID))
        .build();
  }

  /** A sentinel: it watches every shard's primary and fails it over to a replica. */
  static Container sentinel(RedisProxyModel model) {
    Optional<SecretKeyRef> password = model.redisPassword();
    boolean tls = model.redisTlsSecret().isPresent();
    ContainerBuilder container =
        new ContainerBuilder()
            .withName(SENTINEL)
            .withImage(model.redisImage())
            .withCommand("sh", "-c", StartScripts.sentinel(model, password.isPresent(), tls));
    redisEnv(container, password);
    String ping =
        redisCliCommand(tls) + " -p " + RedisProxyModel.SENTINEL_PORT + " ping | grep -q PONG";
    return container
        .addNewPort()
        .withName(SENTINEL_PORT_NAME)
        .withContainerPort(RedisProxyModel.SENTINEL_PORT)
        .withProtocol("TCP")
        .endPort()
        .withReadinessProbe(exec(5, 3, "sh", "-c", ping))
        .withLivenessProbe(exec(10, 6, "sh", "-c", ping))
        .withResources(model.sentinelResources())
        .addNewVolumeMount()
        .withName(DATA_VOLUME)
        .withMountPath(RedisConf.DATA_DIR)
        .endVolumeMount()
        .addAllToVolumeMounts(redisTlsMount(tls))
        .withSecurityContext(restricted(REDIS_UID))
        .build();
  }

  /**
   * The pod's name, and the password from its Secret (never from the ConfigMap) for the server and
   * for redis-cli, which reads REDISCLI_AUTH.
   */
  private static void redisEnv(ContainerBuilder container, Optional<SecretKeyRef> password) {
    password.ifPresent(
        ref ->
            container.addToEnv(secretEnv("REDIS_PASSWORD", ref), secretEnv("REDISCLI_AUTH", ref)));
    container
        .addNewEnv()
        .withName("POD_NAME")
        .withNewValueFrom()
        .withNewFieldRef()
        .withFieldPath("metadata.name")
        .endFieldRef()
        .endValueFrom()
        .endEnv();
  }

  /** The servers' certificate, where Redis speaks TLS. */
  private static List<VolumeMount> redisTlsMount(boolean tls) {
    return tls
        ? List.of(
            new VolumeMountBuilder()
                .withName(REDIS_TLS_VOLUME)
                .withMountPath(RedisConf.TLS_DIR)
                .withReadOnly(true)
                .build())
        : List.of();
  }

  private static EnvVar secretEnv(String name, SecretKeyRef ref) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(ref.getName())
        .withKey(SecretMounts.key(ref))
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }

  static Container proxy(RedisProxyModel model) {
    ResourceRequirements resources = model.proxyResources().orElse(null);
    return new ContainerBuilder()
        .withName(PROXY)
        .withImage(model.proxyImage())
        .withArgs("--config", CONFIG_DIR + "/" + ResourceNames.PROXY_CONFIG_KEY)
        .addAllToArgs(model.proxyOptions())
        .addNewPort()
        .withName(PROXY_PORT_NAME)
        .withContainerPort(model.proxyPort())
        .withProtocol("TCP")
        .endPort()
        .addNewPort()
        .withName(ADMIN_PORT_NAME)
        .withContainerPort(model.adminPort())
        .withProtocol("TCP")
        .endPort()
        .withStartupProbe(http("/healthz", 2, 30))
        .withReadinessProbe(http("/readyz", 5, 2))
        .withLivenessProbe(http("/healthz", 10, 3))
        .withResources(resources)
        .addNewVolumeMount()
        .withName(CONFIG_VOLUME)
        .withMountPath(CONFIG_DIR)
        .withReadOnly(true)
        .endVolumeMount()
        // The JVM writes its performance data and temporary files here.
        .addNewVolumeMount()
        .withName(TMP_VOLUME)
        .withMountPath("/tmp")
        .endVolumeMount()
        .addAllToVolumeMounts(model.secretMounts())
        .withSecurityContext(restricted(PROXY_UID))
        .build();
  }

  static PodSecurityContext podSecurity(Long fsGroup) {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withFsGroup(fsGroup)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  static Volume configVolume(RedisProxyModel model) {
    return new VolumeBuilder()
        .withName(CONFIG_VOLUME)
        .withNewConfigMap()
        .withName(model.names().configMap())
        .endConfigMap()
        .build();
  }

  /** The Redis servers' certificate, for the Redis container. */
  static List<Volume> redisTlsVolume(RedisProxyModel model) {
    return model
        .redisTlsSecret()
        .map(
            secret ->
                List.of(
                    new VolumeBuilder()
                        .withName(REDIS_TLS_VOLUME)
                        .withNewSecret()
                        .withSecretName(secret)
                        .endSecret()
                        .build()))
        .orElse(List.of());
  }

  static Volume emptyDir(String name) {
    return new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir().build();
  }

  private static SecurityContext restricted(long uid) {
    return new SecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(uid)
        .withRunAsGroup(uid)
        .withReadOnlyRootFilesystem(true)
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .build();
  }

  private static Probe http(String path, int periodSeconds, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString(ADMIN_PORT_NAME))
        .endHttpGet()
        .withPeriodSeconds(periodSeconds)
        .withTimeoutSeconds(2)
        .withFailureThreshold(failureThreshold)
        .build();
  }

  private static Probe exec(int periodSeconds, int failureThreshold, String... command) {
    return new ProbeBuilder()
        .withNewExec()
        .withCommand(command)
        .endExec()
        .withPeriodSeconds(periodSeconds)
        .withTimeoutSeconds(3)
        .withFailureThreshold(failureThreshold)
        .build();
  }
}
