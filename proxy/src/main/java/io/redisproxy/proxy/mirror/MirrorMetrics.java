package io.redisproxy.proxy.mirror;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The meters of one mirror target. */
final class MirrorMetrics {
  private final MeterRegistry registry;
  private final List<Meter> meters = new ArrayList<>();
  final Counter mirrored;
  final Counter dropped;
  final Counter replayed;
  final Counter failed;

  MirrorMetrics(MeterRegistry registry, String mirror, MirrorSender sender) {
    this.registry = registry;
    Tags tags = Tags.of("mirror", mirror);
    mirrored =
        counter("redisproxy.mirror.mirrored", "Commands the mirror target acknowledged", tags);
    dropped =
        counter(
            "redisproxy.mirror.dropped",
            "Commands not mirrored because the replay buffer was full",
            tags);
    replayed =
        counter(
            "redisproxy.mirror.replayed",
            "Commands sent again after the connection to the mirror target was lost",
            tags);
    failed =
        counter(
            "redisproxy.mirror.failed",
            "Mirrored commands the target answered with an error",
            tags);
    gauge(
        "redisproxy.mirror.buffered.commands",
        "Commands not yet acknowledged",
        tags,
        sender,
        s -> s.bufferedCommands());
    gauge(
        "redisproxy.mirror.buffered.bytes",
        "Bytes of commands not yet acknowledged",
        tags,
        sender,
        s -> s.bufferedBytes());
    gauge(
        "redisproxy.mirror.buffer.limit.commands",
        "Commands the replay buffer holds at most (mirroring.bufferCommands)",
        tags,
        sender,
        s -> s.bufferLimitCommands());
    gauge(
        "redisproxy.mirror.buffer.limit.bytes",
        "Bytes of commands the replay buffer holds at most (mirroring.bufferBytes)",
        tags,
        sender,
        s -> s.bufferLimitBytes());
    gauge(
        "redisproxy.mirror.lag.seconds",
        "Age of the oldest command the target has not acknowledged",
        tags,
        sender,
        MirrorSender::lagSeconds);
    gauge(
        "redisproxy.mirror.connected",
        "1 while the proxy is connected to the mirror target",
        tags,
        sender,
        s -> s.connected() ? 1 : 0);
  }

  private Counter counter(String name, String description, Tags tags) {
    Counter counter = Counter.builder(name).description(description).tags(tags).register(registry);
    meters.add(counter);
    return counter;
  }

  private void gauge(
      String name,
      String description,
      Tags tags,
      MirrorSender sender,
      ToDoubleFunction<MirrorSender> value) {
    meters.add(
        Gauge.builder(name, sender, value)
            .description(description)
            .tags(tags)
            .strongReference(true)
            .register(registry));
  }

  void close() {
    meters.forEach(registry::remove);
  }
}
