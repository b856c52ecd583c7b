package io.redisproxy.proxy.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /resharding}: the key moves of the live config, each with its phase and whether this proxy
 * has reached it, as JSON ({@code {"moves": [{"upstream", "id", "phase", "reached"}]}}). Whoever
 * drives a move reads every proxy's before it takes the next step.
 */
final class ReshardingEndpoint implements AdminEndpoint {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Supplier<? extends List<?>> moves;

  ReshardingEndpoint(Supplier<? extends List<?>> moves) {
    this.moves = moves;
  }

  @Override
  public AdminResponse get(Map<String, List<String>> parameters) {
    try {
      String body = JSON.writeValueAsString(Map.of("moves", moves.get()));
      return AdminResponse.ok("application/json", body + "\n");
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
