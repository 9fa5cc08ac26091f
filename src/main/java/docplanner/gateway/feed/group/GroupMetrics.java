package docplanner.gateway.feed.group;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The consumer groups' metrics, per process: {@code gateway_group_pending{group}} (as Redis last
 * said, refreshed by each sweep), {@code gateway_group_redeliveries_total{group}},
 * {@code gateway_group_dead_lettered_total{group}} and {@code gateway_group_ack_latency_seconds}
 * (delivery to acknowledgement, for acknowledgements that reach the process that delivered).
 */
public final class GroupMetrics {

  private final MeterRegistry registry;
  private final Map<String, AtomicLong> pending = new ConcurrentHashMap<>();
  private final Map<String, Counter> redeliveries = new ConcurrentHashMap<>();
  private final Map<String, Counter> deadLettered = new ConcurrentHashMap<>();
  private final Timer ackLatency;

  public GroupMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.ackLatency = Timer.builder("gateway.group.ack.latency")
        .description("Time from a group delivery to its acknowledgement")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(5))
        .register(registry);
  }

  /** Registers the group's series (at 0) when it is first used here, so they are scraped at once. */
  void group(String group) {
    pending.computeIfAbsent(group, g -> {
      AtomicLong value = new AtomicLong();
      Gauge.builder("gateway.group.pending", value, AtomicLong::get)
          .description("Entries delivered to the group and not acknowledged, as last read from Redis")
          .tag("group", g).register(registry);
      return value;
    });
    redeliveries(group);
    deadLettered(group);
  }

  void pending(String group, long count) {
    group(group);
    pending.get(group).set(count);
  }

  void redelivered(String group, int count) {
    redeliveries(group).increment(count);
  }

  void deadLettered(String group, int count) {
    deadLettered(group).increment(count);
  }

  void acked(long latencyNanos) {
    ackLatency.record(latencyNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  private Counter redeliveries(String group) {
    return redeliveries.computeIfAbsent(group, g -> Counter.builder("gateway.group.redeliveries")
        .description("Group events delivered again (not acknowledged in time, nacked, or pending at reconnect)")
        .tag("group", g).register(registry));
  }

  private Counter deadLettered(String group) {
    return deadLettered.computeIfAbsent(group, g -> Counter.builder("gateway.group.dead.lettered")
        .description("Group events moved to the dead-letter stream after groups.max-deliveries")
        .tag("group", g).register(registry));
  }
}
