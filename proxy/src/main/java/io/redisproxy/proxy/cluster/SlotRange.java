package io.redisproxy.proxy.cluster;

import io.redisproxy.proxy.config.HostPort;
import java.util.List;

/** Slots {@code start..end} (inclusive) served by a primary and its replicas. */
public record SlotRange(int start, int end, HostPort primary, List<HostPort> replicas) {}
