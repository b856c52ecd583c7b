package io.redisproxy.proxy.mirror;

import java.util.concurrent.ThreadLocalRandom;

/** One route's mirroring to one target: which commands, and what share of them. */
public record MirrorPolicy(MirrorSender sender, boolean excludeReadCommands, double fraction) {

  /** Whether this command is copied to the target; asked once per command. */
  public boolean wants(boolean write) {
    if (!write && excludeReadCommands) {
      return false;
    }
    return fraction >= 1 || ThreadLocalRandom.current().nextDouble() < fraction;
  }
}
