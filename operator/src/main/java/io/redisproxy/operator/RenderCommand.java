package io.redisproxy.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.redisproxy.operator.model.DesiredResources;
import io.redisproxy.operator.model.OperatorDefaults;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code render -f FILE}: prints every object the operator would create for the RedisProxy
 * resources in FILE, like {@code helm template}, using the operator's own model.
 */
final class RenderCommand {
  static final String USAGE =
      """
      Usage: render -f FILE [-n NAMESPACE]
        -f FILE       RedisProxy resources as YAML; - reads standard input
        -n NAMESPACE  namespace of resources that name none (default: default)
      """;
  static final int OK = 0;
  static final int INVALID = 1;
  static final int USAGE_ERROR = 2;

  private final OperatorDefaults defaults;
  private final InputStream stdin;

  RenderCommand(OperatorDefaults defaults, InputStream stdin) {
    this.defaults = defaults;
    this.stdin = stdin;
  }

  int run(List<String> args, PrintStream out, PrintStream err) {
    String file = null;
    String namespace = "default";
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      boolean hasValue = i + 1 < args.size();
      if (arg.equals("-f") && hasValue) {
        file = args.get(++i);
      } else if (arg.equals("-n") && hasValue) {
        namespace = args.get(++i);
      } else {
        err.print("render: unexpected argument '" + arg + "'\n" + USAGE);
        return USAGE_ERROR;
      }
    }
    if (file == null) {
      err.print("render: -f FILE is required\n" + USAGE);
      return USAGE_ERROR;
    }
    String text;
    try {
      text = RedisProxyFile.read(file, stdin);
    } catch (IOException e) {
      err.println("render: cannot read " + file + ": " + e.getMessage());
      return USAGE_ERROR;
    }
    RedisProxyFile.Contents contents = RedisProxyFile.parse(text, file, namespace, defaults);
    if (!contents.problems().isEmpty()) {
      contents.problems().forEach(err::println);
      return INVALID;
    }
    if (contents.models().isEmpty()) {
      err.println("render: " + file + " holds no RedisProxy");
      return INVALID;
    }
    List<HasMetadata> objects = new ArrayList<>();
    contents.models().forEach(model -> objects.addAll(DesiredResources.of(model)));
    for (HasMetadata object : objects) {
      out.print(Serialization.asYaml(object));
    }
    return OK;
  }
}
