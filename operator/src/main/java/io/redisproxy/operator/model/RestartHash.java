package io.redisproxy.operator.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A digest of what Redis reads only at start: redis.conf, the image and the ports. Written on the
 * Redis pod template, so a change rolls the pods; the proxy config is left out because the proxy
 * reloads it in place.
 */
final class RestartHash {
  private RestartHash() {}

  static String of(RedisProxyModel model) {
    String restartInputs =
        String.join(
            "\n",
            model.redisConf(),
            model.redisImage(),
            Integer.toString(RedisProxyModel.REDIS_PORT),
            Integer.toString(model.proxyPort()),
            Integer.toString(model.adminPort()));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(restartInputs.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
