package io.redisproxy.operator.model;

import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.redisproxy.operator.api.v1alpha1.AuthSpec;
import io.redisproxy.operator.api.v1alpha1.ExternalUpstreamSpec;
import io.redisproxy.operator.api.v1alpha1.RedisProxySpec;
import io.redisproxy.operator.api.v1alpha1.RemoteSpec;
import io.redisproxy.operator.api.v1alpha1.SecretKeyRef;
import io.redisproxy.operator.api.v1alpha1.UpstreamAuthSpec;
import io.redisproxy.operator.api.v1alpha1.UpstreamTlsSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The Secrets a proxy reads passwords from. Each is a volume mounted as a directory (never by
 * subPath), so a rotated Secret reaches the proxy, which re-reads password files on change.
 */
final class SecretMounts {
  static final String SECRETS_DIR = "/etc/redis-proxy-secrets";
  static final String DEFAULT_KEY = "password";
  static final String DEFAULT_CA_KEY = "ca.crt";

  private SecretMounts() {}

  /** Every Secret key the proxies read, in spec order. */
  static List<SecretKeyRef> refs(RedisProxySpec spec) {
    List<SecretKeyRef> refs = new ArrayList<>();
    if (spec.getTls() != null && spec.getTls().getSecretName() != null) {
      refs.add(ref(spec.getTls().getSecretName(), "tls.crt"));
      refs.add(ref(spec.getTls().getSecretName(), "tls.key"));
    }
    add(refs, spec.getAuth());
    if (spec.getRedis() != null) {
      add(refs, spec.getRedis().getAuth());
      if (spec.getRedis().getTls() != null && spec.getRedis().getTls().getSecretName() != null) {
        refs.add(ref(spec.getRedis().getTls().getSecretName(), "ca.crt"));
      }
    }
    if (spec.getUpstreams() != null) {
      for (ExternalUpstreamSpec upstream : spec.getUpstreams()) {
        add(refs, upstream != null ? upstream.getAuth() : null);
        add(refs, upstream != null ? upstream.getTls() : null);
      }
    }
    if (spec.getRemotes() != null) {
      for (RemoteSpec remote : spec.getRemotes()) {
        add(refs, remote != null ? remote.getAuth() : null);
        add(refs, remote != null ? remote.getTls() : null);
      }
    }
    return refs;
  }

  static List<Volume> volumes(RedisProxySpec spec) {
    List<Volume> volumes = new ArrayList<>();
    List<String> secrets = secretNames(spec);
    for (int i = 0; i < secrets.size(); i++) {
      volumes.add(
          new VolumeBuilder()
              .withName(volumeName(i))
              .withNewSecret()
              .withSecretName(secrets.get(i))
              .endSecret()
              .build());
    }
    return volumes;
  }

  static List<VolumeMount> mounts(RedisProxySpec spec) {
    List<VolumeMount> mounts = new ArrayList<>();
    List<String> secrets = secretNames(spec);
    for (int i = 0; i < secrets.size(); i++) {
      mounts.add(
          new VolumeMountBuilder()
              .withName(volumeName(i))
              .withMountPath(SECRETS_DIR + "/" + secrets.get(i))
              .withReadOnly(true)
              .build());
    }
    return mounts;
  }

  /** The CA certificates of {@code tls}, with their default key, or null for the JVM's own. */
  static SecretKeyRef caRef(UpstreamTlsSpec tls) {
    SecretKeyRef ca = tls.getCaSecret();
    if (ca == null) {
      return null;
    }
    return ref(ca.getName(), ca.getKey() != null ? ca.getKey() : DEFAULT_CA_KEY);
  }

  static SecretKeyRef ref(String name, String key) {
    SecretKeyRef ref = new SecretKeyRef();
    ref.setName(name);
    ref.setKey(key);
    return ref;
  }

  /** Where a proxy finds the value of {@code ref}. */
  static String file(SecretKeyRef ref) {
    return SECRETS_DIR + "/" + ref.getName() + "/" + key(ref);
  }

  static String key(SecretKeyRef ref) {
    return ref.getKey() != null ? ref.getKey() : DEFAULT_KEY;
  }

  private static List<String> secretNames(RedisProxySpec spec) {
    Set<String> names = new LinkedHashSet<>();
    refs(spec).forEach(ref -> names.add(ref.getName()));
    return List.copyOf(names);
  }

  /** Secret names may hold dots and run long; volume names may not. */
  private static String volumeName(int index) {
    return "secret-" + index;
  }

  private static void add(List<SecretKeyRef> refs, AuthSpec auth) {
    if (auth != null && auth.getPasswordSecret() != null) {
      refs.add(auth.getPasswordSecret());
    }
  }

  private static void add(List<SecretKeyRef> refs, UpstreamTlsSpec tls) {
    if (tls != null && tls.getCaSecret() != null) {
      refs.add(caRef(tls));
    }
  }

  private static void add(List<SecretKeyRef> refs, UpstreamAuthSpec auth) {
    if (auth != null && auth.getPasswordSecret() != null) {
      refs.add(auth.getPasswordSecret());
    }
  }
}
