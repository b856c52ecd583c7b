package io.redisproxy.operator.cluster;

import io.redisproxy.operator.cluster.ClusterPlan.View;
import io.redisproxy.operator.cluster.SlotMovePlan.Done;
import io.redisproxy.operator.cluster.SlotMovePlan.Endpoint;
import io.redisproxy.operator.cluster.SlotMovePlan.Forget;
import io.redisproxy.operator.cluster.SlotMovePlan.Forgetting;
import io.redisproxy.operator.cluster.SlotMovePlan.Move;
import io.redisproxy.operator.cluster.SlotMovePlan.Wait;
import io.redisproxy.operator.redis.ControlConnections;
import io.redisproxy.operator.redis.Migrations;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLSocketFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Carries out {@link SlotMovePlan} for a bounded time: it reads every server, moves the slot the
 * plan names (its keys in batches of {@code keysPerBatch} with {@code MIGRATE}, pausing between
 * batches), reads again, and so on until the plan is done or {@code budget} is spent. A slot still
 * open then stays open; the next step finishes it from what the servers show.
 */
public final class SlotMover {
  private static final Duration MIGRATE_TIMEOUT = Duration.ofSeconds(10);

  private final JedisClientConfig config;
  private final Duration timeout;
  private final String password;
  private final Settings settings;

  /**
   * How hard a move may press on the servers.
   *
   * @param keysPerBatch how many keys one {@code MIGRATE} moves
   * @param pause how long to wait between two batches
   * @param budget how long one step may go on
   */
  public record Settings(int keysPerBatch, Duration pause, Duration budget) {}

  /**
   * What one step came to.
   *
   * @param slotsToMove how many slots are still to change shards (-1 when unknown)
   * @param slotsMoved how many this step moved
   * @param done whether every slot is where it belongs and the shards that go are forgotten
   * @param waitingFor why the move is not done, for the status; null when done
   */
  public record Progress(int slotsToMove, int slotsMoved, boolean done, String waitingFor) {}

  /**
   * @param password what the servers require (requirepass), or null
   * @param tls how to speak TLS to them (checking their names), or null for plain TCP
   */
  public SlotMover(Duration timeout, String password, SSLSocketFactory tls, Settings settings) {
    this.config = ControlConnections.config(timeout, password, tls);
    this.timeout = timeout;
    this.password = password;
    this.settings = settings;
  }

  /**
   * Moves slots until {@code desired} shards hold them evenly, or the budget is spent.
   *
   * @param shards each shard's server addresses: the shards kept first, then those that go
   */
  public Progress step(List<List<String>> shards, int desired) {
    try (Run run = new Run(System.nanoTime() + settings.budget().toNanos())) {
      return run.until(shards, desired);
    }
  }

  /** One step's connections, deadline and batches. */
  private final class Run implements AutoCloseable {
    private final Map<String, Jedis> connections = new HashMap<>();
    private final Set<String> keptPrimary = new HashSet<>();
    private final long deadline;
    private int batches;
    private int moved;

    private Run(long deadline) {
      this.deadline = deadline;
    }

    private Progress until(List<List<String>> shards, int desired) {
      try {
        Map<String, View> views = new HashMap<>();
        shards.stream().flatMap(List::stream).forEach(address -> read(address, views));
        while (true) {
          SlotMovePlan plan = SlotMovePlan.next(shards, views, desired);
          if (plan.step() instanceof Done) {
            return new Progress(0, moved, true, null);
          }
          if (plan.step() instanceof Wait wait) {
            return new Progress(plan.slotsToMove(), moved, false, wait.why());
          }
          String waiting = plan.slotsToMove() + " slots to move";
          if (System.nanoTime() >= deadline) {
            return new Progress(plan.slotsToMove(), moved, false, waiting);
          }
          if (plan.step() instanceof Forgetting forgetting) {
            for (Forget forget : forgetting.forgets()) {
              connection(forget.address()).clusterForget(forget.id());
              read(forget.address(), views);
            }
          } else if (carryOut((Move) plan.step())) {
            // Only the two ends' own lines changed: the others' are read again on the next step.
            moved++;
            read(((Move) plan.step()).source().address(), views);
            read(((Move) plan.step()).target().address(), views);
          } else {
            return new Progress(plan.slotsToMove(), moved, false, waiting);
          }
        }
      } catch (JedisException e) {
        return new Progress(-1, moved, false, "could not move slots: " + e.getMessage());
      }
    }

    /** What {@code address} reports now; none when it cannot be reached. */
    private void read(String address, Map<String, View> views) {
      try {
        views.put(address, View.parse(connection(address).clusterNodes(), "", ""));
      } catch (JedisException e) {
        views.remove(address);
        drop(address);
      }
    }

    /** Moves one slot; false when the budget ran out with keys still to move. */
    private boolean carryOut(Move move) {
      Jedis source = connection(move.source().address());
      Jedis target = connection(move.target().address());
      for (String address : move.keepPrimary()) {
        if (keptPrimary.add(address)) {
          connection(address).configSet("cluster-allow-replica-migration", "no");
        }
      }
      // The target first: once the source sends clients on with ASK, the target must take them.
      if (move.importing()) {
        setSlot(target, move.slot(), "IMPORTING", move.source().id());
      }
      if (move.migrating()) {
        setSlot(source, move.slot(), "MIGRATING", move.target().id());
      }
      HostAndPort to = HostAndPort.from(move.target().address());
      List<String> keys = source.clusterGetKeysInSlot(move.slot(), settings.keysPerBatch());
      while (!keys.isEmpty()) {
        if (batches > 0 && !settings.pause().isZero()) {
          LockSupport.parkNanos(settings.pause().toNanos());
        }
        if (System.nanoTime() >= deadline) {
          return false;
        }
        migrate(source, to, keys);
        batches++;
        keys = source.clusterGetKeysInSlot(move.slot(), settings.keysPerBatch());
      }
      // The target first, so that it answers for the slot before the source stops sending on.
      setSlot(target, move.slot(), "NODE", move.target().id());
      setSlot(source, move.slot(), "NODE", move.target().id());
      for (Endpoint other : move.others()) {
        try {
          setSlot(connection(other.address()), move.slot(), "NODE", move.target().id());
        } catch (JedisException e) {
          // It learns the new owner from the target's higher epoch by gossip anyway.
          drop(other.address());
        }
      }
      return true;
    }

    private Jedis connection(String address) {
      return connections.computeIfAbsent(address, a -> new Jedis(HostAndPort.from(a), config));
    }

    private void drop(String address) {
      Jedis broken = connections.remove(address);
      if (broken != null) {
        broken.close();
      }
    }

    @Override
    public void close() {
      connections.values().forEach(Jedis::close);
    }
  }

  private void migrate(Jedis source, HostAndPort to, List<String> keys) {
    List<byte[]> bytes = keys.stream().map(key -> key.getBytes(StandardCharsets.UTF_8)).toList();
    Migrations.migrate(source, to, password, bytes, MIGRATE_TIMEOUT, timeout);
  }

  private static void setSlot(Jedis jedis, int slot, String subcommand, String id) {
    jedis.sendCommand(Protocol.Command.CLUSTER, "SETSLOT", String.valueOf(slot), subcommand, id);
  }

  private Jedis connection(Map<String, Jedis> connections, String address) {
    return connections.computeIfAbsent(address, a -> new Jedis(HostAndPort.from(a), config));
  }
}
