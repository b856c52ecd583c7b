package io.redisproxy.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {
  @Test
  void quickLowersTheDefaultsButExplicitValuesWin() {
    Options quick = Options.parse("--quick", "1", "--n-p16", "5000");

    assertThat(quick.rounds()).isEqualTo(1);
    assertThat(quick.requestsP1()).isEqualTo(2000);
    assertThat(quick.requestsP16()).isEqualTo(5000);
    assertThat(Options.parse().rounds()).isEqualTo(3);
  }

  @Test
  void anEmptyFlushDelayLeavesProxyFlushOut() {
    assertThat(Options.parse().flushDelayed()).isTrue();
    assertThat(Options.parse("--flush-delay", "").flushDelayed()).isFalse();
  }

  @Test
  void javaOptionsAreSplitOnWhitespace() {
    assertThat(Options.parse("--java-opts", " -Xmx1g  -XX:+UseSerialGC ").javaOpts())
        .isEqualTo(List.of("-Xmx1g", "-XX:+UseSerialGC"));
    assertThat(Options.parse("--java-opts", "").javaOpts()).isEmpty();
  }

  @Test
  void theChartGoesNextToTheMarkdown() {
    assertThat(Options.parse("--out", "/tmp/run.md").chart()).isEqualTo(Path.of("/tmp/run.svg"));
    assertThat(Options.parse("--out", "/tmp/run").chart()).isEqualTo(Path.of("/tmp/run.svg"));
  }

  @Test
  void refusesUnknownOptionsAndBadValues() {
    assertThatThrownBy(() -> Options.parse("--round", "3"))
        .hasMessageContaining("unknown option --round");
    assertThatThrownBy(() -> Options.parse("--rounds", "three"))
        .hasMessageContaining("--rounds must be a whole number");
    assertThatThrownBy(() -> Options.parse("--mirror", "yes"))
        .hasMessageContaining("--mirror must be 0 or 1");
  }
}
