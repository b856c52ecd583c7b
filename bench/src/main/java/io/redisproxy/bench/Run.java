package io.redisproxy.bench;

import java.util.List;

/**
 * One redis-benchmark invocation: the names of the tests it prints, in order (a custom command's
 * own name would be its whole command line), its sizes and the arguments naming the tests.
 */
record Run(
    List<String> tests,
    int pipeline,
    long requests,
    int clients,
    int keyspace,
    int valueSize,
    List<String> testArgs) {

  /** The requests of all its tests: the CPU of the run is shared by all of them. */
  long totalRequests() {
    return requests * tests.size();
  }

  /** The same run with a fraction of the requests, at least one. */
  Run scaledDown(int divisor) {
    return new Run(tests, pipeline, requests / divisor + 1, clients, keyspace, valueSize, testArgs);
  }
}
