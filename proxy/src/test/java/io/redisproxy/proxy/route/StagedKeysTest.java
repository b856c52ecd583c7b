package io.redisproxy.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StagedKeysTest {
  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void anOutgoingNameLeadsBackToItsKey() {
    byte[] key = bytes("user:{42}:events");
    assertThat(StagedKeys.fromOutgoing(StagedKeys.outgoing(key))).isEqualTo(key);
    assertThat(StagedKeys.fromOutgoing(StagedKeys.incoming(key))).isNull();
    assertThat(StagedKeys.fromOutgoing(key)).isNull();
  }

  @Test
  void bothNamesAndTheQueueAreReservedAndTheKeyIsNot() {
    byte[] key = bytes("__redisproxy:moving");
    assertThat(StagedKeys.isReserved(StagedKeys.outgoing(key))).isTrue();
    assertThat(StagedKeys.isReserved(StagedKeys.incoming(key))).isTrue();
    assertThat(StagedKeys.isReserved(StagedKeys.queue())).isTrue();
    assertThat(StagedKeys.isReserved(key)).isFalse();
    assertThat(StagedKeys.isReserved(new byte[0])).isFalse();
  }
}
