package io.redisproxy.operator.sharded;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisproxy.operator.sharded.ReshardingPlan.Move;
import io.redisproxy.operator.sharded.ReshardingPlan.ProxyReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class MoveReportsTest {
  @Test
  void readsEachMoveOfThePage() {
    String page =
        """
        {
          "moves" : [ {
            "upstream" : "main",
            "id" : "grow",
            "phase" : "hold",
            "reached" : true
          } ]
        }
        """;
    assertThat(MoveReports.parse("p", page))
        .isEqualTo(new ProxyReport("p", List.of(new Move("main", "grow", "hold", true)), null));
    assertThat(MoveReports.parse("p", "{\"moves\": []}").moves()).isEmpty();
  }

  @Test
  void aPageThatIsNoReportIsAnError() {
    assertThat(MoveReports.parse("p", "<html>").error()).startsWith("its /resharding page is no");
    assertThat(MoveReports.parse("p", "{}").error())
        .isEqualTo("its /resharding page lists no moves");
  }
}
