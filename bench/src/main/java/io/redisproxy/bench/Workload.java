package io.redisproxy.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The redis-benchmark runs of one round against one target. */
final class Workload {
  private final Options options;

  Workload(Options options) {
    this.options = options;
  }

  /**
   * SET and GET without and with pipelining and MGET, one test per run so that the CPU time of the
   * target's process belongs to that test. Against a Redis Cluster only SET and GET, in one run per
   * depth: MGET of random keys spans slots, which Redis Cluster refuses.
   */
  List<Run> standard(boolean cluster) {
    if (cluster) {
      List<String> tests = List.of("SET cluster", "GET cluster");
      List<String> args = List.of("-t", "set,get");
      return List.of(
          run(tests, 1, options.requestsP1(), options.clients(), args),
          run(tests, 16, options.requestsP16(), options.clients(), args));
    }
    List<String> mget = new ArrayList<>(List.of("MGET"));
    mget.addAll(Collections.nCopies(options.mgetKeys(), "key:__rand_int__"));
    return List.of(
        run(List.of("SET"), 1, options.requestsP1(), options.clients(), List.of("-t", "set")),
        run(List.of("GET"), 1, options.requestsP1(), options.clients(), List.of("-t", "get")),
        run(List.of("SET"), 16, options.requestsP16(), options.clients(), List.of("-t", "set")),
        run(List.of("GET"), 16, options.requestsP16(), options.clients(), List.of("-t", "get")),
        run(
            List.of("MGET " + options.mgetKeys() + " keys"),
            1,
            options.requestsMget(),
            options.clients(),
            mget));
  }

  private Run run(
      List<String> tests, int pipeline, long requests, int clients, List<String> testArgs) {
    return new Run(
        tests, pipeline, requests, clients, options.keyspace(), options.valueSize(), testArgs);
  }
}
