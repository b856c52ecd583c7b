package io.redisproxy.proxy.command;

/**
 * What the proxy knows of one command.
 *
 * @param name lower-case name, as Redis reports it in COMMAND
 * @param arity Redis' convention: positive is the exact argument count including the name, negative
 *     the minimum
 * @param write whether the command may change data (decides replica reads and mirroring)
 * @param handling how the proxy serves it
 * @param keys where its keys are
 */
public record CommandSpec(String name, int arity, boolean write, Handling handling, KeySpec keys) {

  /** Whether {@code argumentCount} (including the name) satisfies the arity. */
  public boolean arityAccepts(int argumentCount) {
    return arity >= 0 ? argumentCount == arity : argumentCount >= -arity;
  }
}
