package io.redisproxy.operator.redis;

import java.time.Duration;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisProtocol;

/** How the operator connects to the Redis servers and sentinels it runs. */
public final class ControlConnections {
  private ControlConnections() {}

  /**
   * Connections bounded by {@code timeout}, named after the operator in CLIENT LIST.
   *
   * @param password what the servers require (requirepass), or null
   * @param tls how to speak TLS to them (checking their names), or null for plain TCP
   */
  public static JedisClientConfig config(Duration timeout, String password, SSLSocketFactory tls) {
    int millis = (int) timeout.toMillis();
    DefaultJedisClientConfig.Builder builder =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(millis)
            .socketTimeoutMillis(millis)
            .clientName("redis-proxy-operator")
            .protocol(RedisProtocol.RESP2)
            .password(password);
    if (tls != null) {
      SSLParameters parameters = new SSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      builder.ssl(true).sslSocketFactory(tls).sslParameters(parameters);
    }
    return builder.build();
  }
}
