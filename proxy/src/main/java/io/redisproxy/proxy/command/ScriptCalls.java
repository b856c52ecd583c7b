package io.redisproxy.proxy.command;

/** Which commands carry a script's body and which call a script by its SHA1 digest. */
public final class ScriptCalls {
  private ScriptCalls() {}

  /** EVAL, EVAL_RO: argument 1 is the script's body. */
  public static boolean carriesBody(CommandSpec spec) {
    return switch (spec.name()) {
      case "eval", "eval_ro" -> true;
      default -> false;
    };
  }

  /** EVAL, EVALSHA, FCALL and their read-only forms. */
  public static boolean runsScript(CommandSpec spec) {
    return switch (spec.name()) {
      case "eval", "evalsha", "fcall", "eval_ro", "evalsha_ro", "fcall_ro" -> true;
      default -> false;
    };
  }

  /** EVALSHA, EVALSHA_RO: argument 1 is the digest, and a shard may answer NOSCRIPT. */
  public static boolean callsBySha(CommandSpec spec) {
    return switch (spec.name()) {
      case "evalsha", "evalsha_ro" -> true;
      default -> false;
    };
  }
}
