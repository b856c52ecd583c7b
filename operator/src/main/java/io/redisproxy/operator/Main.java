package io.redisproxy.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar redis-proxy-operator.jar} runs the operator against the cluster of the current
 * kubeconfig or service account; {@code render -f FILE} prints what it would create.
 */
public final class Main {
  private static final String USAGE =
      """
      Usage:
        redis-proxy-operator                 run the operator (settings from the environment)
        redis-proxy-operator render -f FILE  print every object the operator would create
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
    } else if (arguments.get(0).equals("--help") || arguments.get(0).equals("-h")) {
      System.out.print(USAGE + RenderCommand.USAGE);
    } else {
      System.err.print("unknown command '" + arguments.get(0) + "'\n" + USAGE);
      System.exit(RenderCommand.USAGE_ERROR);
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
