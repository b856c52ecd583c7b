package io.redisproxy.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code java -jar redis-proxy-operator.jar} runs the operator against the cluster of the current
 * kubeconfig or service account; {@code render -f FILE} prints what it would create; {@code local
 * -f FILE} runs that as local processes.
 */
public final class Main {
  private static final String USAGE =
      """
      Usage:
        redis-proxy-operator                 run the operator (settings from the environment)
        redis-proxy-operator render -f FILE  print every object the operator would create
        redis-proxy-operator local -f FILE   run that topology as local processes until Ctrl-C
      """;

  private Main() {}

  public static void main(String[] args) throws Exception {
    List<String> arguments = List.of(args);
    OperatorSettings settings;
    try {
      settings = OperatorSettings.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(RenderCommand.USAGE_ERROR);
      return;
    }
    if (arguments.isEmpty()) {
      runOperator(settings);
    } else if (arguments.get(0).equals("render")) {
      RenderCommand render = new RenderCommand(settings.defaults(), System.in);
      System.exit(render.run(arguments.subList(1, arguments.size()), System.out, System.err));
    } else if (arguments.get(0).equals("local")) {
      runLocal(settings, arguments.subList(1, arguments.size()));
    } else if (arguments.get(0).equals("--help") || arguments.get(0).equals("-h")) {
      System.out.print(USAGE + RenderCommand.USAGE + LocalCommand.USAGE);
    } else {
      System.err.print("unknown command '" + arguments.get(0) + "'\n" + USAGE);
      System.exit(RenderCommand.USAGE_ERROR);
    }
  }

  /**
   * Runs a local topology until Ctrl-C. The shutdown hook waits until every process is stopped,
   * since the JVM would otherwise exit while they still run.
   */
  private static void runLocal(OperatorSettings settings, List<String> arguments) {
    CountDownLatch interrupted = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean exiting = new AtomicBoolean();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  exiting.set(true);
                  interrupted.countDown();
                  try {
                    stopped.await(30, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "local-shutdown"));
    int code =
        new LocalCommand(settings.defaults(), System.in, exiting::get)
            .run(
                arguments,
                System.out,
                System.err,
                (run, topologies) -> {
                  System.out.println("up; Ctrl-C stops everything");
                  interrupted.await();
                });
    stopped.countDown();
    if (!exiting.get()) {
      System.exit(code);
    }
  }

  private static void runOperator(OperatorSettings settings) throws Exception {
    KubernetesClient client = new KubernetesClientBuilder().build();
    RedisProxyOperator operator = RedisProxyOperator.start(client, settings);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  operator.close();
                  client.close();
                  stopped.countDown();
                },
                "operator-shutdown"));
    stopped.await();
  }
}
