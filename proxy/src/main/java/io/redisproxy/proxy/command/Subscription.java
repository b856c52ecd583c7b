package io.redisproxy.proxy.command;

import java.util.Locale;

/**
 * The six commands that change a client's subscriptions (Handling.SUBSCRIBE), each with what it
 * subscribes to and in which direction.
 */
public enum Subscription {
  SUBSCRIBE(Target.CHANNEL, true),
  UNSUBSCRIBE(Target.CHANNEL, false),
  PSUBSCRIBE(Target.PATTERN, true),
  PUNSUBSCRIBE(Target.PATTERN, false),
  SSUBSCRIBE(Target.SHARD_CHANNEL, true),
  SUNSUBSCRIBE(Target.SHARD_CHANNEL, false);

  /** What a subscription names. */
  public enum Target {
    /** A channel, hashed like a key: subscribed on the shard PUBLISH sends it to. */
    CHANNEL,
    /** A pattern, which may match channels of any shard. */
    PATTERN,
    /** A shard channel (Redis 7 sharded pub/sub), routed like a key on every kind of upstream. */
    SHARD_CHANNEL
  }

  private final Target target;
  private final boolean subscribes;
  private final String reply;

  Subscription(Target target, boolean subscribes) {
    this.target = target;
    this.subscribes = subscribes;
    this.reply = name().toLowerCase(Locale.ROOT);
  }

  public Target target() {
    return target;
  }

  public boolean subscribes() {
    return subscribes;
  }

  /** The kind Redis names in the confirmation it pushes, e.g. {@code psubscribe}. */
  public String reply() {
    return reply;
  }

  /** The subscription command {@code spec} is; throws for any other command. */
  public static Subscription of(CommandSpec spec) {
    if (spec.handling() != Handling.SUBSCRIBE) {
      throw new IllegalArgumentException(spec.name() + " is not a subscription command");
    }
    return valueOf(spec.name().toUpperCase(Locale.ROOT));
  }

  /** The command of the opposite direction on the same target: SUBSCRIBE for UNSUBSCRIBE. */
  public Subscription undo() {
    return switch (this) {
      case SUBSCRIBE -> UNSUBSCRIBE;
      case UNSUBSCRIBE -> SUBSCRIBE;
      case PSUBSCRIBE -> PUNSUBSCRIBE;
      case PUNSUBSCRIBE -> PSUBSCRIBE;
      case SSUBSCRIBE -> SUNSUBSCRIBE;
      case SUNSUBSCRIBE -> SSUBSCRIBE;
    };
  }
}
