package io.redisproxy.proxy.route;

import io.redisproxy.proxy.config.ReadPolicy;
import io.redisproxy.proxy.shard.ShardSelector;
import java.util.ArrayList;
import java.util.List;

/** An upstream group as routing sees it: its shards and how a key picks one. */
public final class Upstream {
  private final String name;
  private final ShardSelector selector;
  private final ReadPolicy readPolicy;
  private final List<Shard> shards = new ArrayList<>();

  Upstream(String name, ShardSelector selector, ReadPolicy readPolicy) {
    this.name = name;
    this.selector = selector;
    this.readPolicy = readPolicy;
  }

  public String name() {
    return name;
  }

  public ShardSelector selector() {
    return selector;
  }

  public ReadPolicy readPolicy() {
    return readPolicy;
  }

  public List<Shard> shards() {
    return shards;
  }

  void add(Shard shard) {
    shards.add(shard);
  }

  @Override
  public String toString() {
    return name;
  }
}
