package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.redisproxy.proxy.command.CommandSpec;
import io.redisproxy.proxy.command.Handling;
import io.redisproxy.proxy.command.KeyIndexes;
import io.redisproxy.proxy.config.Resharding;
import io.redisproxy.proxy.resp.Replies;
import io.redisproxy.proxy.resp.RespRequest;
import io.redisproxy.proxy.resp.RespWriter;
import io.redisproxy.proxy.route.MovingKey;
import io.redisproxy.proxy.route.RoutingTable;
import io.redisproxy.proxy.route.Shard;
import io.redisproxy.proxy.upstream.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a client's request on keys that move to another shard (see {@link Resharding}) from running
 * before they are there. While the move holds, the request waits, rechecked every few milliseconds
 * for the next config; once keys move, the proxy first moves the request's own keys with {@code
 * MIGRATE} from the shard the previous list put them on, then lets the request run. The client's
 * next requests wait behind it, so its replies keep their order.
 *
 * <p>If the new shard has a key already, a copy of it stayed behind on the previous one: a {@code
 * MIGRATE} that timed out after the new shard had it, or a failover that brought back the previous
 * shard's copy from before it left. Every write since went to the new shard, so its copy is kept
 * and the one behind is deleted.
 *
 * <p>A key the mover copies piece by piece (a large one, see {@link
 * io.redisproxy.proxy.route.StagedKeys}) is under its outgoing name on the previous shard
 * meanwhile: a request on it waits as in a hold, until the copy has taken the key's name on the new
 * shard.
 */
final class KeyMoveGate {
  private static final long RECHECK_MILLIS = 10;
  // A script takes at most a few thousand arguments to MIGRATE (Lua's unpack).
  private static final int KEYS_PER_MIGRATE = 1_000;
  private static final long HOLD_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final ClientSession session;
  private RespRequest request;
  private CommandSpec spec;
  private long since;
  private ScheduledFuture<?> recheck;
  private int owed;
  private String failure;
  // A key of the request is being copied piece by piece (see StagedKeys).
  private boolean copying;

  KeyMoveGate(ClientSession session) {
    this.session = session;
  }

  /** Keys of one request that move from one shard to the same other one. */
  private record Group(Shard from, Shard to, List<byte[]> keys) {}

  /**
   * What the request's moving keys need: nothing (an empty list and no reason), to wait ({@code
   * hold}), a refusal, or these moves.
   */
  private record Plan(boolean hold, String refusal, List<Group> groups) {
    static final Plan NOTHING = new Plan(false, null, List.of());
    static final Plan HOLD = new Plan(true, null, List.of());

    boolean nothing() {
      return !hold && refusal == null && groups.isEmpty();
    }
  }

  /**
   * Whether {@code request} may run now. If not, either it was answered with why it cannot run, or
   * ({@link #holding}) the gate has taken it and the session is paused: the gate runs it through
   * {@link ClientSession#passedGate} once its keys are in place, or fails it.
   */
  boolean admits(RespRequest request, CommandSpec spec) {
    Plan plan = plan(request, spec);
    if (plan.nothing()) {
      return true;
    }
    if (plan.refusal() != null) {
      // Answered at once, without a pause: the session goes on reading as after any reply.
      session.fail(request, plan.refusal());
      return false;
    }
    this.request = request;
    this.spec = spec;
    this.since = System.nanoTime();
    session.pauseForMove();
    carryOut(plan);
    return false;
  }

  private void carryOut(Plan plan) {
    if (plan.refusal() != null) {
      finish(plan.refusal());
    } else if (plan.hold()) {
      if (System.nanoTime() - since > HOLD_LIMIT_NANOS) {
        finish(
            "TRYAGAIN the keys of this request are moving to another shard and the move has not"
                + " gone on for "
                + TimeUnit.NANOSECONDS.toSeconds(HOLD_LIMIT_NANOS)
                + " s; try again later");
      } else {
        recheck =
            session.ctx().executor().schedule(this::recheck, RECHECK_MILLIS, TimeUnit.MILLISECONDS);
      }
    } else {
      migrate(plan.groups());
    }
  }

  private void recheck() {
    recheck = null;
    if (request == null) {
      return;
    }
    session.refreshRuntime();
    carryOut(plan(request, spec));
  }

  private Plan plan(RespRequest request, CommandSpec spec) {
    RoutingTable routing = session.runtime().routing();
    if (!routing.resharding() || !movesKeys(spec)) {
      return Plan.NOTHING;
    }
    List<Group> groups = new ArrayList<>(0);
    Transaction transaction = session.transaction();
    // EXEC (or DISCARD) in MULTI: the queued commands run now, on their keys.
    List<Transaction.Queued> requests =
        spec.handling() == Handling.TRANSACTION && transaction != null
            ? transaction.remote()
            : List.of(new Transaction.Queued(request, spec, true));
    for (Transaction.Queued queued : requests) {
      Plan stop = addKeys(queued.request(), queued.spec(), groups);
      if (stop != null) {
        return stop;
      }
    }
    return groups.isEmpty() ? Plan.NOTHING : new Plan(false, null, groups);
  }

  /**
   * Adds the moving keys of {@code request} to {@code groups}; returns null, or the plan when one
   * of them holds or cannot move.
   */
  private Plan addKeys(RespRequest request, CommandSpec spec, List<Group> groups) {
    KeyIndexes keys = session.keys();
    keys.clear();
    if (!spec.keys().find(request, keys)) {
      return null;
    }
    RespRequest sent = request.original();
    ByteBuf frame = sent.frame();
    RoutingTable routing = session.runtime().routing();
    for (int i = 0; i < keys.size(); i++) {
      int arg = keys.get(i);
      MovingKey moving =
          routing.movingFrom(frame, sent.offset(arg), sent.length(arg), session.fromMirror());
      if (moving == null) {
        continue;
      }
      Resharding move = moving.upstream().resharding();
      if (move.phase() == Resharding.Phase.HOLD || !session.runtime().moveBarrier().passedNow()) {
        return Plan.HOLD;
      }
      Shard to = session.shardOf(request, arg, true);
      if (moving.from() == null || to == null) {
        return new Plan(
            false,
            "MASTERDOWN upstream "
                + moving.upstream().name()
                + " is moving this key between shards, and the sentinels have not named the"
                + " primary of one of them",
            List.of());
      }
      group(groups, moving.from(), to)
          .keys()
          .add(ByteBufUtil.getBytes(frame, sent.offset(arg), sent.length(arg)));
    }
    return null;
  }

  private static Group group(List<Group> groups, Shard from, Shard to) {
    for (Group group : groups) {
      if (group.from().primary() == from.primary()
          && group.to().primary() == to.primary()
          && group.keys().size() < KEYS_PER_MIGRATE) {
        return group;
      }
    }
    Group group = new Group(from, to, new ArrayList<>());
    groups.add(group);
    return group;
  }

  /**
   * Requests whose keys live on shards: not pub/sub, whose channels are no keys (PUBLISH names its
   * channel as a key).
   */
  private static boolean movesKeys(CommandSpec spec) {
    return switch (spec.handling()) {
      case FORWARD, SPLIT_VALUES, SPLIT_PAIRS, SPLIT_COUNT, BLOCKING, TRANSACTION ->
          !spec.name().equals("publish") && !spec.name().equals("spublish");
      default -> false;
    };
  }

  private void migrate(List<Group> groups) {
    owed = groups.size();
    failure = null;
    long timeout = session.runtime().config().timeouts().operation().toMillis();
    for (Group group : groups) {
      Node from = group.from().primary();
      ByteBuf migrate =
          MigrateCommand.frame(session.ctx().alloc(), group.to().primary(), timeout, group.keys());
      session.upstreams().send(from, migrate, reply -> migrated(group, reply), System.nanoTime());
    }
  }

  private void migrated(Group group, ByteBuf reply) {
    try {
      if (Replies.isStatus(reply, MigrateCommand.STAGED)) {
        // Its other keys wait too: the request runs once all of them are on the new shard.
        copying = true;
      } else if (Replies.isError(reply)) {
        String error = Replies.firstLine(reply);
        if (error.contains("BUSYKEY")) {
          ByteBuf delete = MigrateCommand.delete(session.ctx().alloc(), group.keys());
          session
              .upstreams()
              .send(
                  group.from().primary(),
                  delete,
                  deleted -> deletedBehind(group, deleted),
                  System.nanoTime());
          return;
        }
        failure = "TRYAGAIN moving keys from " + group.from() + " to " + group.to() + ": " + error;
      }
    } finally {
      reply.release();
    }
    groupDone();
  }

  private void deletedBehind(Group group, ByteBuf reply) {
    if (Replies.isError(reply)) {
      failure =
          "TRYAGAIN deleting keys left behind on "
              + group.from()
              + " after they moved to "
              + group.to()
              + ": "
              + Replies.firstLine(reply);
    }
    reply.release();
    groupDone();
  }

  private void groupDone() {
    if (--owed > 0) {
      return;
    }
    if (failure == null && copying) {
      copying = false;
      carryOut(Plan.HOLD);
    } else {
      finish(failure);
    }
  }

  /**
   * Runs the request (its keys are in place), or fails it with {@code error}, in a task of its own:
   * a reply that came at once must not resume the session inside the read that paused it.
   */
  private void finish(String error) {
    session.ctx().executor().execute(() -> finishNow(error));
  }

  private void finishNow(String error) {
    RespRequest taken = request;
    CommandSpec takenSpec = spec;
    request = null;
    spec = null;
    if (taken == null) {
      return;
    }
    if (session.isClosed()) {
      taken.release();
      return;
    }
    if (error != null) {
      taken.release();
      session.failedGate(RespWriter.error(session.ctx().alloc(), error));
    } else {
      session.passedGate(taken, takenSpec);
    }
  }

  /** Whether a request waits here. */
  boolean holding() {
    return request != null;
  }

  /** The client left: drops the request it waits with. */
  void close() {
    if (recheck != null) {
      recheck.cancel(false);
      recheck = null;
    }
    if (request != null) {
      request.release();
      request = null;
    }
  }
}
