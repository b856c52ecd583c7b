package io.redisproxy.proxy.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * TLS to an upstream group's servers, as managed cloud Redis offerings require.
 *
 * @param caFile PEM certificates that sign the servers' certificates; absent: the JVM's trust store
 * @param serverName the name the servers' certificates must carry, and the SNI sent; absent: the
 *     host each server is reached by
 * @param verifyHostname whether a certificate must name the server (default true); turn off only
 *     for servers reached by an address their certificate does not name
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"caFile", "serverName", "verifyHostname"})
public record UpstreamTls(String caFile, String serverName, Boolean verifyHostname) {
  public UpstreamTls {
    verifyHostname = verifyHostname != null ? verifyHostname : Boolean.TRUE;
  }
}
