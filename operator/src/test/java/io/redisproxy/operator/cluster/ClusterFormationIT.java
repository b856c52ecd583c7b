package io.redisproxy.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisproxy.operator.roles.PrimaryBalance;
import io.redisproxy.proxy.tls.PemTrust;
import io.redisproxy.testkit.FreePorts;
import io.redisproxy.testkit.RedisServer;
import io.redisproxy.testkit.RedisServers;
import io.redisproxy.testkit.RespSocket;
import io.redisproxy.testkit.TestCertificates;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Six fresh cluster-enabled redis-servers become three shards of a primary and a replica. */
class ClusterFormationIT {
  private RedisServers servers;
  private List<List<String>> shards;
  private final ClusterFormation formation = new ClusterFormation(Duration.ofSeconds(1));

  @BeforeEach
  void start() {
    servers =
        RedisServers.start(
            6,
            RedisServer.Options.defaults()
                .withDirectives(
                    "cluster-enabled yes",
                    "cluster-config-file nodes.conf",
                    "cluster-node-timeout 2000"));
    List<String> addresses = servers.addresses();
    shards = new ArrayList<>();
    for (int shard = 0; shard < 3; shard++) {
      shards.add(List.of(addresses.get(2 * shard), addresses.get(2 * shard + 1)));
    }
  }

  @AfterEach
  void stop() {
    servers.close();
  }

  private ClusterPlan formWithin(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    ClusterPlan plan = formation.step(shards);
    while (!plan.formed() && System.nanoTime() < deadline) {
      Thread.sleep(200);
      plan = formation.step(shards);
    }
    return plan;
  }

  @Test
  void aPrimaryRoleThatCrowdsAZoneMovesBackWithoutLosingAWrite() throws Exception {
    assertThat(formWithin(Duration.ofSeconds(30)).formed()).isTrue();
    // Shard i's pods run in zones i and i+1: balanced while every first pod leads.
    Map<String, String> zones = new HashMap<>();
    for (int shard = 0; shard < 3; shard++) {
      zones.put(shards.get(shard).get(0), "zone-" + shard);
      zones.put(shards.get(shard).get(1), "zone-" + (shard + 1) % 3);
    }
    // Shard 0 fails over to its replica in zone-1, where shard 1's primary runs already.
    formation.promote(shards.get(0).get(1));
    ClusterPlan failedOver =
        awaitPrimaries(List.of(shards.get(0).get(1), shards.get(1).get(0), shards.get(2).get(0)));
    // Slot 3300, in shard 0's first third of the slots.
    try (RespSocket client = connect(failedOver.primaries().get(0))) {
      assertThat(client.command("SET", "b", "written")).isEqualTo("OK");
    }

    PrimaryBalance.Move move = PrimaryBalance.next(balanceShards(failedOver), zones, true).move();
    assertThat(move)
        .isEqualTo(new PrimaryBalance.Move("shard-0", shards.get(0).get(1), shards.get(0).get(0)));
    formation.promote(move.to());

    ClusterPlan balanced =
        awaitPrimaries(List.of(shards.get(0).get(0), shards.get(1).get(0), shards.get(2).get(0)));
    assertThat(PrimaryBalance.next(balanceShards(balanced), zones, true).move()).isNull();
    // A manual failover waits for the replica to catch up: the write moved with the role.
    try (RespSocket client = connect(shards.get(0).get(0))) {
      assertThat(client.command("GET", "b")).isEqualTo("written");
    }
  }

  private List<PrimaryBalance.Shard> balanceShards(ClusterPlan plan) {
    List<PrimaryBalance.Shard> balance = new ArrayList<>();
    for (int shard = 0; shard < 3; shard++) {
      balance.add(
          new PrimaryBalance.Shard(
              "shard-" + shard, shards.get(shard), plan.primaries().get(shard)));
    }
    return balance;
  }

  private ClusterPlan awaitPrimaries(List<String> primaries) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    ClusterPlan plan = formation.step(shards);
    while (!(plan.formed() && plan.primaries().equals(primaries)) && System.nanoTime() < deadline) {
      Thread.sleep(200);
      plan = formation.step(shards);
    }
    assertThat(plan.primaries()).as(String.valueOf(plan.waitingFor())).isEqualTo(primaries);
    return plan;
  }

  @Test
  void freshServersBecomeAClusterOfReplicatedShards() throws Exception {
    ClusterPlan plan = formWithin(Duration.ofSeconds(30));

    assertThat(plan.formed()).as(plan.waitingFor()).isTrue();
    assertThat(plan.primaries())
        .containsExactly(shards.get(0).get(0), shards.get(1).get(0), shards.get(2).get(0));
    for (List<String> shard : shards) {
      try (RespSocket primary = connect(shard.get(0));
          RespSocket replica = connect(shard.get(1))) {
        assertThat((String) primary.command("CLUSTER", "INFO")).contains("cluster_state:ok");
        assertThat((String) replica.command("INFO", "replication"))
            .contains("role:slave")
            .contains("master_port:" + shard.get(0).substring(shard.get(0).lastIndexOf(':') + 1));
      }
    }
    // Formed is a fixed point: asking again changes nothing.
    assertThat(formation.step(shards).actions()).isEmpty();
  }

  @Test
  void aShardThatCameBackEmptyGetsItsSlotsAgain() throws Exception {
    assertThat(formWithin(Duration.ofSeconds(30)).formed()).isTrue();
    // Both pods of shard 2 lose their data and identity, as pods without volumes would: the
    // replica first, since a primary still followed cannot be reset.
    for (int i = 5; i >= 4; i--) {
      try (RespSocket node = connect(servers.get(i).address())) {
        node.command("CLUSTER", "RESET", "HARD");
      }
    }

    ClusterPlan plan = formWithin(Duration.ofSeconds(40));
    assertThat(plan.formed()).as(plan.waitingFor()).isTrue();
    try (RespSocket node = connect(shards.get(2).get(0))) {
      assertThat((String) node.command("CLUSTER", "INFO"))
          .contains("cluster_state:ok", "cluster_known_nodes:6");
    }
  }

  @Test
  void serversThatRequireAPasswordAndSpeakOnlyTlsAreFormedWithBoth(@TempDir Path dir)
      throws Exception {
    servers.close();
    TestCertificates certificates = TestCertificates.create(dir, "cluster");
    List<RedisServer> started = new ArrayList<>();
    List<String> tlsAddresses = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        int tlsPort = FreePorts.loopback();
        started.add(
            RedisServer.start(
                RedisServer.Options.defaults()
                    .withDirectives(
                        "cluster-enabled yes",
                        "cluster-config-file nodes.conf",
                        "cluster-node-timeout 2000",
                        "requirepass s3cret",
                        "masterauth s3cret",
                        "tls-port " + tlsPort,
                        "tls-cert-file " + certificates.serverCert(),
                        "tls-key-file " + certificates.serverKey(),
                        "tls-ca-cert-file " + certificates.caCert(),
                        "tls-auth-clients no",
                        "tls-cluster yes",
                        "tls-replication yes")));
        tlsAddresses.add("127.0.0.1:" + tlsPort);
      }
      List<List<String>> tlsShards = tlsAddresses.stream().map(List::of).toList();
      ClusterFormation secured =
          new ClusterFormation(Duration.ofSeconds(1), "s3cret", trusting(certificates.caCert()));
      assertThat(new ClusterFormation(Duration.ofSeconds(1)).step(tlsShards).waitingFor())
          .as("without TLS and the password nothing is reached")
          .startsWith("cannot reach");
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      ClusterPlan plan = secured.step(tlsShards);
      while (!plan.formed() && System.nanoTime() < deadline) {
        Thread.sleep(200);
        plan = secured.step(tlsShards);
      }
      assertThat(plan.formed()).as(plan.waitingFor()).isTrue();
    } finally {
      started.forEach(RedisServer::close);
    }
  }

  private static SSLSocketFactory trusting(Path caCert) throws Exception {
    try (InputStream pem = Files.newInputStream(caCert)) {
      return PemTrust.context(pem).getSocketFactory();
    }
  }

  @Test
  void anUnreachableServerIsWaitedFor() {
    List<List<String>> withGone = new ArrayList<>(shards);
    withGone.add(List.of("127.0.0.1:1"));
    ClusterPlan plan = formation.step(withGone);
    assertThat(plan.formed()).isFalse();
    assertThat(plan.waitingFor()).isEqualTo("cannot reach 127.0.0.1:1 yet");
  }

  private static RespSocket connect(String address) {
    int colon = address.lastIndexOf(':');
    return RespSocket.connect(
        address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
  }
}
