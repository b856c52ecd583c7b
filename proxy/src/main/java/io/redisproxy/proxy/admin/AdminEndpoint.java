package io.redisproxy.proxy.admin;

import java.util.List;
import java.util.Map;

/** Answers GET requests for one admin path. Runs on an event loop, so it must not block. */
@FunctionalInterface
interface AdminEndpoint {
  AdminResponse get(Map<String, List<String>> parameters);
}
