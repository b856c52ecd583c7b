package io.redisproxy.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading INFO replication as redis-server 7 writes it. */
class ReplicationInfoTest {

  @Test
  void aReplicaInSyncReportsItsOwnOffset() {
    ReplicationInfo info =
        ReplicationInfo.parse(
            """
            # Replication\r
            role:slave\r
            master_host:127.0.0.1\r
            master_port:7001\r
            master_link_status:up\r
            master_last_io_seconds_ago:0\r
            master_sync_in_progress:0\r
            slave_read_repl_offset:137\r
            slave_repl_offset:130\r
            master_repl_offset:137\r
            """);

    assertThat(info.isReplica()).isTrue();
    assertThat(info.offset()).isEqualTo(130);
    assertThat(info.problem()).isNull();
  }

  @Test
  void aReplicaWithItsLinkDownIsAProblem() {
    ReplicationInfo info =
        ReplicationInfo.parse(
            "role:slave\r\nmaster_link_status:down\r\nslave_repl_offset:1\r\nmaster_repl_offset:0");

    assertThat(info.offset()).isEqualTo(1);
    assertThat(info.problem())
        .isEqualTo("its link to the primary is down (master_link_status:down)");
  }

  @Test
  void aPrimaryReportsItsReplicationOffsetAndIsNoReplica() {
    ReplicationInfo info =
        ReplicationInfo.parse(
            "# Replication\r\nrole:master\r\nconnected_slaves:1\r\n"
                + "slave0:ip=127.0.0.1,port=7002,state=online,offset=50,lag=1\r\n"
                + "master_repl_offset:100\r\n");

    assertThat(info.isReplica()).isFalse();
    assertThat(info.offset()).isEqualTo(100);
    assertThat(info.problem()).isEqualTo("it reports role:master, not a replica");
  }

  @Test
  void missingOrGarbledFieldsReadAsUnknown() {
    ReplicationInfo info = ReplicationInfo.parse("role:slave\r\nslave_repl_offset:lots\r\n");

    assertThat(info.offset()).isEqualTo(-1);
    assertThat(info.problem())
        .isEqualTo("its link to the primary is down (master_link_status:null)");
  }
}
