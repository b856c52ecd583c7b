package io.redisproxy.proxy.admin;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/** What an admin endpoint answers: status, body and any extra headers. */
record AdminResponse(
    HttpResponseStatus status, String contentType, String body, Map<String, String> headers) {

  static final String TEXT = "text/plain; charset=utf-8";

  AdminResponse {
    headers = Map.copyOf(headers);
  }

  static AdminResponse text(HttpResponseStatus status, String body) {
    return new AdminResponse(status, TEXT, body, Map.of());
  }

  static AdminResponse ok(String contentType, String body) {
    return new AdminResponse(HttpResponseStatus.OK, contentType, body, Map.of());
  }

  /** This response with one more header. */
  AdminResponse withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new AdminResponse(status, contentType, body, more);
  }
}
