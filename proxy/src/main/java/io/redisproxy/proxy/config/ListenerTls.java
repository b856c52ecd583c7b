package io.redisproxy.proxy.config;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * TLS on the client port: the proxy's certificate chain and private key, both PEM files (a mounted
 * kubernetes.io/tls Secret's tls.crt and tls.key). Re-read with every config reload.
 */
@JsonPropertyOrder({"certFile", "keyFile"})
public record ListenerTls(String certFile, String keyFile) {}
