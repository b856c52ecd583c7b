package io.redisproxy.proxy.shard;

import io.redisproxy.proxy.config.Hashing;
import io.redisproxy.proxy.config.ShardConfig;
import io.redisproxy.proxy.config.UpstreamConfig;
import java.util.List;

/** Builds the shard selector an upstream group's config asks for. */
public final class ShardSelectors {
  private ShardSelectors() {}

  /**
   * The selector for {@code upstream}'s shards, in config order, each known by its name (by default
   * its primary's address), with the group's hashing, Maglev table size and hash tags.
   */
  public static ShardSelector forUpstream(UpstreamConfig upstream) {
    List<String> names = upstream.shards().stream().map(ShardConfig::name).toList();
    return create(names, upstream.hashing(), upstream.maglevTableSize(), upstream.hashTags());
  }

  /** The selector that placed {@code upstream}'s keys before its move: over its previous shards. */
  public static ShardSelector previous(UpstreamConfig upstream) {
    List<String> names =
        upstream.resharding().previousShards().stream().map(ShardConfig::name).toList();
    return create(names, upstream.hashing(), upstream.maglevTableSize(), upstream.hashTags());
  }

  /**
   * A selector over {@code shardNames}. {@code maglevTableSize} matters only for {@link
   * Hashing#MAGLEV}; with {@code hashTags}, keys sharing a {@code {tag}} share a shard.
   */
  public static ShardSelector create(
      List<String> shardNames, Hashing hashing, int maglevTableSize, boolean hashTags) {
    ShardSelector selector =
        switch (hashing) {
          case MAGLEV -> new Maglev(shardNames, maglevTableSize);
          case KETAMA -> new Ketama(shardNames);
        };
    return hashTags ? new HashTaggedSelector(selector) : selector;
  }
}
