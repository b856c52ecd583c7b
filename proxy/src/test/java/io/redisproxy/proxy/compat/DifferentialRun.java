package io.redisproxy.proxy.compat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs one command sequence on both sides of a {@link SideBySide}, from empty servers and fresh
 * connections, and finds the first reply that differs.
 */
final class DifferentialRun {
  private static final byte[] QUEUED = "+QUEUED\r\n".getBytes();
  private static final byte[] OK = "+OK\r\n".getBytes();

  /** The replies of both sides to each command sent, up to and including the first difference. */
  record Outcome(
      List<List<String>> sent, List<String[]> replies, int mismatch, int depth, boolean resp3) {
    boolean matched() {
      return mismatch < 0;
    }

    /** Every command with its replies, the differing one marked: for a failure message. */
    String describe() {
      StringBuilder text =
          new StringBuilder(
              (resp3 ? "in RESP3, " : "in RESP2, ") + "pipelined " + depth + " deep:\n");
      for (int i = 0; i < replies.size(); i++) {
        text.append(i == mismatch ? "!! " : "   ")
            .append(String.join(" ", sent.get(i)))
            .append("\n      proxy: ")
            .append(printable(replies.get(i)[0]))
            .append("\n      redis: ")
            .append(printable(replies.get(i)[1]))
            .append('\n');
      }
      return text.toString();
    }
  }

  private DifferentialRun() {}

  /**
   * Sends the commands in pipelined batches of up to {@code depth} (1: each waits for its reply)
   * and compares the replies in order. A command of {@link CommandGenerator#OTHER} goes alone on a
   * second connection, once the replies before it are read, so the two clients' order is the same
   * on both sides. With {@code resp3} both connections say HELLO 3 first.
   */
  static Outcome run(SideBySide sides, List<List<String>> sequence, int depth, boolean resp3) {
    sides.flush();
    List<String[]> replies = new ArrayList<>();
    try (SideBySide.Pair pair = sides.connect(resp3);
        SideBySide.Pair other = sides.connect(resp3)) {
      List<List<String>> queued = null;
      for (int from = 0; from < sequence.size(); ) {
        boolean fromOther = CommandGenerator.isOther(sequence.get(from));
        int to = from + 1;
        while (!fromOther
            && to < sequence.size()
            && to - from < depth
            && !CommandGenerator.isOther(sequence.get(to))) {
          to++;
        }
        List<List<String>> batch =
            sequence.subList(from, to).stream().map(CommandGenerator::withoutClient).toList();
        SideBySide.Pair connections = fromOther ? other : pair;
        connections.viaProxy().sendAll(batch);
        connections.direct().sendAll(batch);
        List<byte[]> viaProxy = new ArrayList<>();
        List<byte[]> direct = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
          viaProxy.add(connections.viaProxy().readReply());
          direct.add(connections.direct().readReply());
        }
        for (int i = 0; i < batch.size(); i++) {
          List<String> command = batch.get(i);
          replies.add(
              new String[] {SideBySide.text(viaProxy.get(i)), SideBySide.text(direct.get(i))});
          String name = command.get(0).toUpperCase(Locale.ROOT);
          boolean same;
          if (fromOther) {
            same = ReplyComparison.same(command, viaProxy.get(i), direct.get(i));
          } else if (queued != null && (name.equals("EXEC") || name.equals("DISCARD"))) {
            same = ReplyComparison.sameExec(queued, viaProxy.get(i), direct.get(i));
            queued = null;
          } else {
            same = ReplyComparison.same(command, viaProxy.get(i), direct.get(i));
            if (queued != null && Arrays.equals(direct.get(i), QUEUED)) {
              queued.add(command);
            } else if (queued == null && name.equals("MULTI") && Arrays.equals(direct.get(i), OK)) {
              queued = new ArrayList<>();
            }
          }
          if (!same) {
            return new Outcome(sequence.subList(0, from + i + 1), replies, from + i, depth, resp3);
          }
        }
        from = to;
      }
    }
    return new Outcome(sequence, replies, -1, depth, resp3);
  }

  /**
   * The shortest sequence found that still shows the difference: drops chunks of commands, halving
   * the chunk size down to single commands, while the same command still gets the same differing
   * replies (dropping commands may show another difference, such as a transaction whose EXEC was
   * dropped, that is not this one); within {@code budgetMillis}.
   */
  static Outcome shrink(SideBySide sides, Outcome failed, long budgetMillis) {
    long deadline = System.currentTimeMillis() + budgetMillis;
    Outcome best = failed;
    for (int chunk = Math.max(1, best.sent().size() / 2); chunk >= 1; chunk /= 2) {
      for (int from = 0; from < best.sent().size() && System.currentTimeMillis() < deadline; ) {
        List<List<String>> candidate = new ArrayList<>(best.sent());
        candidate.subList(from, Math.min(from + chunk, candidate.size())).clear();
        Outcome outcome =
            candidate.isEmpty() ? null : run(sides, candidate, failed.depth(), failed.resp3());
        if (outcome != null && !outcome.matched() && sameDifference(outcome, failed)) {
          best = outcome;
        } else {
          from += chunk;
        }
      }
    }
    return best;
  }

  private static boolean sameDifference(Outcome candidate, Outcome failed) {
    return candidate.sent().get(candidate.mismatch()).equals(failed.sent().get(failed.mismatch()))
        && Arrays.equals(
            candidate.replies().get(candidate.mismatch()), failed.replies().get(failed.mismatch()));
  }

  private static String printable(String reply) {
    String shown = reply.replace("\r\n", "\\r\\n");
    return shown.length() > 400 ? shown.substring(0, 400) + "..." : shown;
  }
}
