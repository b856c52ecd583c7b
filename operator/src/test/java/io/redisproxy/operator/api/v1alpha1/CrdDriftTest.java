package io.redisproxy.operator.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed CRD is what the API classes generate, so users install what the code reads. */
class CrdDriftTest {
  @Test
  void committedCrdMatchesTheGeneratedOne() throws IOException {
    Path generated = Path.of(System.getProperty("generated.crd"));
    Path committed = Path.of(System.getProperty("committed.crd"));
    assertThat(generated).as("the build generates the CRD before tests run").exists();
    assertThat(committed).exists();
    assertThat(Files.readString(committed))
        .as(
            "%s is stale: the API classes changed. Run hack/update-crds.sh and commit the result.",
            committed.getFileName())
        .isEqualTo(Files.readString(generated));
  }
}
