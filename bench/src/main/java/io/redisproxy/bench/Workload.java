package io.redisproxy.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** The redis-benchmark runs of one round against one target. */
final class Workload {
  static final int LARGE_VALUE_BYTES = 1 << 20;

  /**
   * redis-benchmark names its keys key:000000000000 and up whatever the value size, so the 1 MiB
   * values land on keys the other tests read. Only this many are used (bounding the memory to this
   * many MiB per server), and they are written back to their small values after the large runs,
   * before any other test reads them.
   */
  static final int LARGE_VALUE_KEYS = 100;

  /** Few clients: each 1 MiB request is as much work as thousands of small ones. */
  static final int LARGE_VALUE_CLIENTS = 10;

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

  /** SET and GET from many clients at once, without and with pipelining. */
  List<Run> manyClients() {
    int clients = options.manyClients();
    List<Run> runs = new ArrayList<>();
    for (int pipeline : List.of(1, 16)) {
      long requests = pipeline == 1 ? options.requestsP1() : options.requestsP16();
      for (String test : List.of("SET", "GET")) {
        runs.add(
            run(
                List.of(manyClientsTest(test, clients)),
                pipeline,
                requests,
                clients,
                List.of("-t", test.toLowerCase(Locale.ROOT))));
      }
    }
    return runs;
  }

  /** SET, then GET of what it wrote: 1 MiB values on a small set of keys. */
  List<Run> largeValues() {
    List<Run> runs = new ArrayList<>();
    for (String test : List.of("SET", "GET")) {
      runs.add(
          new Run(
              List.of(largeValueTest(test)),
              1,
              options.requestsLarge(),
              LARGE_VALUE_CLIENTS,
              LARGE_VALUE_KEYS,
              LARGE_VALUE_BYTES,
              List.of("-t", test.toLowerCase(Locale.ROOT))));
    }
    return runs;
  }

  /** The name of a test of many clients, for the table. */
  static String manyClientsTest(String command, int clients) {
    return command + " " + clients + " clients";
  }

  /** The name of a test of 1 MiB values, for the table. */
  static String largeValueTest(String command) {
    return command + " 1 MiB";
  }

  private Run run(
      List<String> tests, int pipeline, long requests, int clients, List<String> testArgs) {
    return new Run(
        tests, pipeline, requests, clients, options.keyspace(), options.valueSize(), testArgs);
  }
}
