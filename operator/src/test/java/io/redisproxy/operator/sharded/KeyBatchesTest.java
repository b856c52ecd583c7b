package io.redisproxy.operator.sharded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyBatchesTest {
  @Test
  void batchesAreBoundedInKeysAndBytesAndALargeKeyGoesAlone() {
    List<String> keys = List.of("a", "b", "c", "big", "d", "e");
    List<Long> sizes = List.of(10L, 10L, 10L, 500L, 10L, 10L);
    assertThat(KeyBatches.split(keys, sizes, 2, 100))
        .containsExactly(List.of("a", "b"), List.of("c"), List.of("big"), List.of("d", "e"));
    assertThat(KeyBatches.split(keys, sizes, 10, 25))
        .containsExactly(List.of("a", "b"), List.of("c"), List.of("big"), List.of("d", "e"));
  }

  @Test
  void withoutABoundInBytesOnlyTheCountSplits() {
    List<String> keys = List.of("a", "b", "c");
    assertThat(KeyBatches.split(keys, List.of(), 2, 100))
        .containsExactly(List.of("a", "b"), List.of("c"));
    assertThat(KeyBatches.split(keys, List.of(1L, 1L, 1L), 5, 0))
        .containsExactly(List.of("a", "b", "c"));
    assertThat(KeyBatches.split(List.of(), List.of(), 5, 0)).isEmpty();
  }
}
