package io.redisproxy.proxy.resp;

/** Input that is not RESP. The message is sent to the client as Redis would word it. */
public final class RespProtocolException extends RuntimeException {
  public RespProtocolException(String message) {
    super(message, null, false, false);
  }
}
