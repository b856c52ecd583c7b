package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;
import io.redisproxy.proxy.resp.RespProtocol;
import io.redisproxy.proxy.resp.RespRequest;
import io.redisproxy.proxy.resp.RespWriter;
import java.util.ArrayList;
import java.util.List;

/** CLIENT TRACKING, CACHING and TRACKINGINFO, answered as Redis answers them. */
final class TrackingCommand {
  private TrackingCommand() {}

  static void tracking(ClientSession session, RespRequest request) {
    Tracking current = session.tracking();
    TrackingOptions.Parsed parsed =
        TrackingOptions.parse(
            request,
            current == null ? null : current.options(),
            id -> session.server().session(id) != null);
    if (parsed.error() != null) {
      session.reply(RespWriter.error(session.ctx().alloc(), parsed.error()));
      return;
    }
    TrackingOptions options = parsed.options();
    if (options == null) {
      if (current != null) {
        session.tracking(null);
        current.stop();
      }
      session.reply(RespWriter.ok());
      return;
    }
    ClientSession target =
        options.redirect() == 0 ? null : session.server().session(options.redirect());
    Tracking tracking = current;
    if (tracking != null) {
      tracking.replace(options, target);
    } else {
      tracking = new Tracking(session, options, target);
      session.tracking(tracking);
      tracking.start();
    }
    if (session.capturing()) {
      session.reply(RespWriter.ok());
    } else {
      // OK once tracking is on everywhere it must be: a change right after it is reported.
      ForwardRequest reply = new ForwardRequest(session);
      session.enqueue(reply);
      tracking.whenLinked(() -> reply.onReply(RespWriter.ok()));
    }
  }

  static void caching(ClientSession session, RespRequest request) {
    Tracking tracking = session.tracking();
    String error = null;
    if (tracking == null) {
      error =
          "ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or"
              + " OPTOUT mode enabled";
    } else if (request.is(2, "YES")) {
      if (!tracking.options().optIn()) {
        error = "ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.";
      }
    } else if (request.is(2, "NO")) {
      if (!tracking.options().optOut()) {
        error = "ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.";
      }
    } else {
      error = "ERR syntax error";
    }
    if (error != null) {
      session.reply(RespWriter.error(session.ctx().alloc(), error));
    } else {
      tracking.cacheNext();
      session.reply(RespWriter.ok());
    }
  }

  /** CLIENT TRACKINGINFO: flags, redirect and prefixes, a map in RESP3. */
  static void info(ClientSession session) {
    Tracking tracking = session.tracking();
    List<String> flags = new ArrayList<>();
    List<String> prefixes = List.of();
    if (tracking == null) {
      flags.add("off");
    } else {
      TrackingOptions options = tracking.options();
      flags.add("on");
      if (options.bcast()) {
        flags.add("bcast");
      }
      if (options.optIn()) {
        flags.add("optin");
      }
      if (options.optOut()) {
        flags.add("optout");
      }
      if (tracking.caching()) {
        flags.add(options.optIn() ? "caching-yes" : "caching-no");
      }
      if (options.noLoop()) {
        flags.add("noloop");
      }
      if (tracking.brokenRedirect()) {
        flags.add("broken_redirect");
      }
      prefixes = options.sortedPrefixes();
    }
    RespProtocol protocol = session.protocol();
    ByteBuf reply = session.ctx().alloc().buffer(96);
    protocol.mapHeader(reply, 3);
    RespWriter.bulk(reply, "flags");
    protocol.setHeader(reply, flags.size());
    flags.forEach(flag -> RespWriter.bulk(reply, flag));
    RespWriter.bulk(reply, "redirect");
    RespWriter.integer(reply, ClientList.redirect(session));
    RespWriter.bulk(reply, "prefixes");
    RespWriter.arrayHeader(reply, prefixes.size());
    prefixes.forEach(prefix -> RespWriter.bulk(reply, prefix));
    session.reply(reply);
  }
}
