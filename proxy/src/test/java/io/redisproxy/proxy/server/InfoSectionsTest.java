package io.redisproxy.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Merging the shards' INFO sections into one server's. */
class InfoSectionsTest {
  private static final String FIRST =
      "# Memory\r\nused_memory:1000\r\nused_memory_human:1000B\r\nmem_fragmentation_ratio:1.50\r\n"
          + "maxmemory_policy:noeviction\r\n\r\n"
          + "# Commandstats\r\ncmdstat_get:calls=2,usec=10,usec_per_call=5.00,rejected_calls=0,"
          + "failed_calls=1\r\n\r\n"
          + "# Keyspace\r\ndb0:keys=3,expires=1,avg_ttl=1000\r\n";
  private static final String SECOND =
      "# Memory\r\nused_memory:2072\r\nused_memory_human:2.02K\r\nmem_fragmentation_ratio:2.00\r\n"
          + "maxmemory_policy:noeviction\r\n\r\n"
          + "# Commandstats\r\ncmdstat_get:calls=1,usec=5,usec_per_call=5.00,rejected_calls=1,"
          + "failed_calls=0\r\ncmdstat_set:calls=4,usec=8,usec_per_call=2.00,rejected_calls=0,"
          + "failed_calls=0\r\n\r\n"
          + "# Keyspace\r\ndb0:keys=5,expires=3,avg_ttl=3000\r\ndb1:keys=1,expires=0,avg_ttl=0\r\n";

  private static final List<Map<String, Map<String, String>>> SHARDS =
      List.of(InfoSections.parse(FIRST), InfoSections.parse(SECOND));

  @Test
  void integersAreSummedAndHumanSizesWrittenAgain() {
    assertThat(InfoSections.merge("memory", "Memory", SHARDS))
        .isEqualTo(
            "# Memory\r\nused_memory:3072\r\nused_memory_human:3.00K\r\n"
                + "mem_fragmentation_ratio:1.50\r\nmaxmemory_policy:noeviction\r\n");
  }

  @Test
  void keyspaceIsSummedPerDatabaseWithTheAverageTtlWeightedByExpires() {
    assertThat(InfoSections.merge("keyspace", "Keyspace", SHARDS))
        .isEqualTo(
            "# Keyspace\r\ndb0:keys=8,expires=4,avg_ttl=2500\r\ndb1:keys=1,expires=0,avg_ttl=0\r\n");
  }

  @Test
  void commandstatsAreSummedPerCommandWithTheAverageMadeAgain() {
    assertThat(InfoSections.merge("commandstats", "Commandstats", SHARDS))
        .isEqualTo(
            "# Commandstats\r\n"
                + "cmdstat_get:calls=3,usec=15,usec_per_call=5.00,rejected_calls=1,failed_calls=1\r\n"
                + "cmdstat_set:calls=4,usec=8,usec_per_call=2.00,rejected_calls=0,failed_calls=0\r\n");
  }

  @Test
  void sizesAreWrittenAsRedisWritesThem() {
    assertThat(InfoSections.human(512)).isEqualTo("512B");
    assertThat(InfoSections.human(1536)).isEqualTo("1.50K");
    assertThat(InfoSections.human(5L * 1024 * 1024 * 1024)).isEqualTo("5.00G");
  }
}
