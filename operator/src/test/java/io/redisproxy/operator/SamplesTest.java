package io.redisproxy.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisproxy.operator.model.OperatorDefaults;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every sample under manifests/samples is valid and renders. */
class SamplesTest {
  static Stream<Path> samples() throws IOException {
    Path dir = Path.of(System.getProperty("manifests.dir")).resolve("samples");
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
      assertThat(yaml).isNotEmpty();
      return yaml.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("samples")
  void rendersWithoutProblems(Path sample) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        new RenderCommand(
                new OperatorDefaults("redis:7.2", "proxy:1"), InputStream.nullInputStream())
            .run(
                List.of("-f", sample.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(RenderCommand.OK);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("kind: \"Service\"");
  }
}
