package io.redisproxy.proxy.server;

import io.redisproxy.proxy.resp.RespRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * The options of CLIENT TRACKING ON, read and checked as Redis reads and checks them, with Redis'
 * error texts; and how a new ON combines with the tracking already on (prefixes add up, the rest is
 * replaced).
 */
record TrackingOptions(
    long redirect,
    boolean bcast,
    boolean optIn,
    boolean optOut,
    boolean noLoop,
    Set<String> prefixes) {

  /** The options, or the error Redis answers for them. */
  record Parsed(TrackingOptions options, String error) {}

  /**
   * Reads {@code CLIENT TRACKING ON|OFF [options]}: null options with a null error means OFF.
   * {@code current} is the tracking on now, or null; {@code clientExists} says whether a redirect
   * target is a client of the proxy now.
   */
  static Parsed parse(RespRequest request, TrackingOptions current, LongPredicate clientExists) {
    long redirect = 0;
    boolean bcast = false;
    boolean optIn = false;
    boolean optOut = false;
    boolean noLoop = false;
    List<String> prefixes = new ArrayList<>();
    for (int arg = 3; arg < request.count(); arg++) {
      boolean more = arg + 1 < request.count();
      if (request.is(arg, "REDIRECT") && more) {
        arg++;
        if (redirect != 0) {
          return error("ERR A client can only redirect to a single other client");
        }
        try {
          redirect = Long.parseLong(request.text(arg));
        } catch (NumberFormatException e) {
          return error("ERR value is not an integer or out of range");
        }
        if (!clientExists.test(redirect)) {
          return error("ERR The client ID you want redirect to does not exist");
        }
      } else if (request.is(arg, "BCAST")) {
        bcast = true;
      } else if (request.is(arg, "OPTIN")) {
        optIn = true;
      } else if (request.is(arg, "OPTOUT")) {
        optOut = true;
      } else if (request.is(arg, "NOLOOP")) {
        noLoop = true;
      } else if (request.is(arg, "PREFIX") && more) {
        prefixes.add(request.text(++arg));
      } else {
        return error("ERR syntax error");
      }
    }
    if (request.is(2, "OFF")) {
      return new Parsed(null, null);
    }
    if (!request.is(2, "ON")) {
      return error("ERR syntax error");
    }
    if (!bcast && !prefixes.isEmpty()) {
      return error("ERR PREFIX option requires BCAST mode to be enabled");
    }
    if (current != null && current.bcast != bcast) {
      return error(
          "ERR You can't switch BCAST mode on/off before disabling tracking for this client, and"
              + " then re-enabling it with a different mode.");
    }
    if (bcast && (optIn || optOut)) {
      return error("ERR OPTIN and OPTOUT are not compatible with BCAST");
    }
    if (optIn && optOut) {
      return error("ERR You can't specify both OPTIN mode and OPTOUT mode");
    }
    if (current != null && (optIn && current.optOut || optOut && current.optIn)) {
      return error(
          "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and"
              + " then re-enabling it with a different mode.");
    }
    Set<String> all = new LinkedHashSet<>(current == null ? Set.of() : current.prefixes);
    String overlap = overlap(prefixes, all);
    if (overlap != null) {
      return error(overlap);
    }
    all.addAll(prefixes);
    if (bcast && all.isEmpty()) {
      // BCAST without a prefix tracks every key: the empty prefix, as Redis lists it.
      all.add("");
    }
    return new Parsed(
        new TrackingOptions(redirect, bcast, optIn, optOut, noLoop, Set.copyOf(all)), null);
  }

  /** The command that turns the same tracking on at a server, redirected to {@code redirectTo}. */
  String[] serverCommand(long redirectTo) {
    List<String> command = new ArrayList<>(List.of("CLIENT", "TRACKING", "on"));
    if (redirectTo != 0) {
      command.add("REDIRECT");
      command.add(Long.toString(redirectTo));
    }
    if (bcast) {
      command.add("BCAST");
      for (String prefix : prefixes) {
        command.add("PREFIX");
        command.add(prefix);
      }
    }
    if (optIn) {
      command.add("OPTIN");
    }
    if (optOut) {
      command.add("OPTOUT");
    }
    if (noLoop) {
      command.add("NOLOOP");
    }
    return command.toArray(new String[0]);
  }

  /** Prefixes in the order Redis lists them (CLIENT TRACKINGINFO): sorted, as its radix tree. */
  List<String> sortedPrefixes() {
    return prefixes.stream().sorted().toList();
  }

  private static String overlap(List<String> added, Set<String> existing) {
    for (int i = 0; i < added.size(); i++) {
      String prefix = added.get(i);
      for (String old : existing) {
        if (!old.equals(prefix) && (old.startsWith(prefix) || prefix.startsWith(old))) {
          return overlapError(prefix, "an existing", old);
        }
      }
      for (int j = i + 1; j < added.size(); j++) {
        String other = added.get(j);
        if (other.startsWith(prefix) || prefix.startsWith(other)) {
          return overlapError(prefix, "another provided", other);
        }
      }
    }
    return null;
  }

  private static String overlapError(String prefix, String which, String other) {
    return "ERR Prefix '"
        + prefix
        + "' overlaps with "
        + which
        + " prefix '"
        + other
        + "'. Prefixes for a single client must not overlap.";
  }

  private static Parsed error(String message) {
    return new Parsed(null, message);
  }
}
