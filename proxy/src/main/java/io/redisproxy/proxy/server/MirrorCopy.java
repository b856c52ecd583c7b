package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;
import io.redisproxy.proxy.command.CommandSpec;
import io.redisproxy.proxy.mirror.MirrorEffects;
import io.redisproxy.proxy.mirror.MirrorOutbox;
import io.redisproxy.proxy.mirror.MirrorPolicy;
import io.redisproxy.proxy.mirror.MirrorSender;
import io.redisproxy.proxy.resp.RespRequest;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A command on a mirrored route, kept until the primary answers; then its effect is offered to the
 * route's mirrors. Offering only queues: the client never waits for a mirror.
 */
final class MirrorCopy {
  private static final Logger log = LoggerFactory.getLogger(MirrorCopy.class);

  private final ClientSession session;
  private final RespRequest request;
  private final String command;
  private final List<MirrorSender> targets;

  private MirrorCopy(
      ClientSession session, RespRequest request, String command, List<MirrorSender> targets) {
    this.session = session;
    this.request = request;
    this.command = command;
    this.targets = targets;
  }

  /**
   * A copy of {@code request}, routed by its argument {@code keyArg}, if a mirror of its route
   * takes it; else null. Holds a reference to the request: the caller still hands its frame on.
   */
  static MirrorCopy of(ClientSession session, RespRequest request, CommandSpec spec, int keyArg) {
    List<MirrorSender> targets = targets(session, request, spec.write(), keyArg);
    if (targets.isEmpty()) {
      return null;
    }
    request.frame().retain();
    return new MirrorCopy(session, request, spec.name(), targets);
  }

  /**
   * The mirrors of {@code request}'s route (by its argument {@code keyArg}) that take it: none
   * unless the route mirrors, and none for what another proxy mirrored here.
   */
  static List<MirrorSender> targets(
      ClientSession session, RespRequest request, boolean write, int keyArg) {
    ProxyRuntime runtime = session.runtime();
    if (!runtime.routing().mirrored() || session.fromMirror()) {
      return List.of();
    }
    RespRequest sent = request.original();
    MirrorPolicy[] mirrors =
        runtime.routing().mirrorsOf(sent.frame(), sent.offset(keyArg), sent.length(keyArg));
    if (mirrors.length == 0) {
      return List.of();
    }
    List<MirrorSender> targets = new ArrayList<>(mirrors.length);
    for (MirrorPolicy mirror : mirrors) {
      if (mirror.wants(write)) {
        targets.add(mirror.sender());
      }
    }
    return targets;
  }

  /**
   * The primary answered {@code reply} (not taken): offer the effect, let go of the request. Runs
   * even when the client has left meanwhile: what the primary did, the mirror must do too.
   */
  void answered(ByteBuf reply) {
    try {
      offer(session, targets, effect(session, request, command, reply), 1);
    } finally {
      request.release();
    }
  }

  /** The effect to mirror, or null; a reply the proxy cannot read mirrors nothing. */
  static ByteBuf effect(ClientSession session, RespRequest request, String command, ByteBuf reply) {
    try {
      return MirrorEffects.effect(
          request, command, reply, session.ctx().alloc(), System::currentTimeMillis);
    } catch (RuntimeException e) {
      log.warn("not mirroring {}: unexpected reply ({})", command, e.toString());
      return null;
    }
  }

  /**
   * Offers {@code frames} (taking ownership; null offers nothing), one command or transaction owed
   * {@code replies} replies, to every target, from the session's event loop.
   */
  static void offer(
      ClientSession session, List<MirrorSender> targets, ByteBuf frames, int replies) {
    if (frames == null) {
      return;
    }
    try {
      MirrorOutbox.offer(session.ctx().executor(), session.ctx().alloc(), targets, frames, replies);
    } finally {
      frames.release();
    }
  }
}
