package io.redisproxy.operator.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The committed CRDs are what the API classes generate, so users install what the code reads. */
class CrdDriftTest {
  @Test
  void committedCrdsMatchTheGeneratedOne() throws IOException {
    Path generated = Path.of(System.getProperty("generated.crd"));
    assertThat(generated).as("the build generates the CRD before tests run").exists();
    String expected = Files.readString(generated);
    Path committed = Path.of(System.getProperty("committed.crd"));
    Path inChart =
        Path.of(System.getProperty("chart.dir")).resolve("crds").resolve(committed.getFileName());
    for (Path copy : List.of(committed, inChart)) {
      assertThat(copy).exists();
      assertThat(Files.readString(copy))
          .as(
              "%s is stale: the API classes changed. Run hack/update-crds.sh and commit the"
                  + " result.",
              copy)
          .isEqualTo(expected);
    }
  }
}
