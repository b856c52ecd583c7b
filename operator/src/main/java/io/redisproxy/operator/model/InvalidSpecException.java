package io.redisproxy.operator.model;

import java.util.List;

/** A RedisProxy that cannot be served; each problem names the field to fix. */
public final class InvalidSpecException extends RuntimeException {
  private final List<String> problems;

  public InvalidSpecException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
