package io.redisproxy.operator.sharded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redisproxy.operator.sharded.ReshardingPlan.Move;
import io.redisproxy.operator.sharded.ReshardingPlan.ProxyReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads a proxy's admin {@code /resharding} page. */
public final class MoveReports {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MoveReports() {}

  /** The report of {@code proxy} from its page {@code body}; a page it cannot read is an error. */
  public static ProxyReport parse(String proxy, String body) {
    try {
      JsonNode moves = JSON.readTree(body).path("moves");
      if (!moves.isArray()) {
        return new ProxyReport(proxy, List.of(), "its /resharding page lists no moves");
      }
      List<Move> parsed = new ArrayList<>();
      for (JsonNode move : moves) {
        parsed.add(
            new Move(
                move.path("upstream").asText(),
                move.path("id").asText(),
                move.path("phase").asText(),
                move.path("reached").asBoolean()));
      }
      return new ProxyReport(proxy, parsed, null);
    } catch (IOException e) {
      return new ProxyReport(
          proxy, List.of(), "its /resharding page is no JSON: " + e.getMessage());
    }
  }
}
