package io.redisproxy.bench;

/**
 * A process's resident memory before and after that many idle clients connected (in KiB, -1 where
 * it could not be read), how many of them had their PONG, and the first thing that went wrong.
 */
record IdleResult(
    String target, int clients, int answered, long rssBeforeKib, long rssAfterKib, String error) {}
