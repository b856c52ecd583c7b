package io.redisproxy.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.redisproxy.operator.model.OperatorDefaults;
import io.redisproxy.proxy.config.ConfigCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderCommandTest {
  private static final String TWO_RESOURCES =
      """
      # a sharded cache and a proxy tier
      apiVersion: redisproxy.io/v1alpha1
      kind: RedisProxy
      metadata:
        name: cache
      spec:
        redis: {shards: 2}
      ---
      apiVersion: redisproxy.io/v1alpha1
      kind: RedisProxy
      metadata:
        name: edge
        namespace: prod
      spec:
        upstreams: [{name: eu, shards: [{primary: 'eu.cache.example:6379'}]}]
      """;

  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void printsEveryObjectOfEveryResource() throws IOException {
    int code = render(TWO_RESOURCES, "-f", file(TWO_RESOURCES), "-n", "shop");

    assertThat(code).isEqualTo(RenderCommand.OK);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    List<HasMetadata> objects = objects();
    assertThat(objects)
        .extracting(
            o ->
                o.getKind()
                    + " "
                    + o.getMetadata().getNamespace()
                    + "/"
                    + o.getMetadata().getName())
        .containsExactly(
            "ConfigMap shop/cache-config",
            "Service shop/cache-redis",
            "StatefulSet shop/cache-shard-0",
            "StatefulSet shop/cache-shard-1",
            "StatefulSet shop/cache-sentinel",
            "NetworkPolicy shop/cache-redis",
            "Service shop/cache",
            "PodDisruptionBudget shop/cache-shard-0",
            "PodDisruptionBudget shop/cache-shard-1",
            "PodDisruptionBudget shop/cache-sentinel",
            "ConfigMap prod/edge-config",
            "Deployment prod/edge-proxy",
            "Service prod/edge",
            "PodDisruptionBudget prod/edge");
    ConfigMap config = (ConfigMap) objects.get(0);
    assertThat(ConfigCodec.parse(config.getData().get("proxy.yaml")).upstreams().get(0).shards())
        .hasSize(2);
  }

  @Test
  void readsStandardInput() {
    assertThat(render(TWO_RESOURCES, "-f", "-")).isEqualTo(RenderCommand.OK);
    assertThat(objects()).hasSize(14);
  }

  @Test
  void anInvalidResourcePrintsItsProblemsAndNothingElse() throws IOException {
    String invalid = TWO_RESOURCES.replace("shards: 2", "shards: 0");

    assertThat(render(invalid, "-f", file(invalid))).isEqualTo(RenderCommand.INVALID);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("document 1: spec.redis.shards: must be 1-128");
  }

  @Test
  void unknownFieldsAreNamedRatherThanIgnored() {
    String typo = TWO_RESOURCES.replace("shards: 2", "shard: 2");
    assertThat(render(typo, "-f", "-")).isEqualTo(RenderCommand.INVALID);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("document 1").contains("\"shard\"");
  }

  @Test
  void otherKindsAreRefused() {
    String deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n";
    assertThat(render(deployment, "-f", "-")).isEqualTo(RenderCommand.INVALID);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("document 1: is a Deployment; only RedisProxy resources are read");
  }

  @Test
  void usageErrors() {
    assertThat(render("", "-n", "x")).isEqualTo(RenderCommand.USAGE_ERROR);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("-f FILE is required");
    assertThat(render("", "-f", dir.resolve("missing.yaml").toString()))
        .isEqualTo(RenderCommand.USAGE_ERROR);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot read");
  }

  private int render(String stdin, String... args) {
    RenderCommand command =
        new RenderCommand(
            new OperatorDefaults("redis:7.2", "proxy:1"),
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    return command.run(
        List.of(args),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String file(String content) throws IOException {
    Path file = dir.resolve("redisproxy.yaml");
    Files.writeString(file, content);
    return file.toString();
  }

  private List<HasMetadata> objects() {
    return Pattern.compile("(?m)^---$")
        .splitAsStream(out.toString(StandardCharsets.UTF_8))
        .filter(document -> !document.isBlank())
        .map(document -> Serialization.unmarshal(document, HasMetadata.class))
        .toList();
  }
}
