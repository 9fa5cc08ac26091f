package docplanner.gateway.config;

import java.time.Duration;

/**
 * Consumer groups on the feed ({@code ?group=}): when an unacknowledged event goes to another
 * consumer, how often before it is dead-lettered, and how many unacknowledged events one consumer
 * connection may hold before it is given no more (its credit).
 */
public record GroupSettings(Duration visibilityTimeout, int maxDeliveries, int maxUnacked) {

  static GroupSettings from(ConfigValues v) {
    return new GroupSettings(
        v.positiveDuration("groups.visibility-timeout"),
        v.integer("groups.max-deliveries", 1, 1_000),
        v.integer("groups.max-unacked", 1, 100_000));
  }

  /**
   * How often each replica looks for events whose visibility timeout has passed: a third of it,
   * between 100 ms and 5 s, so a redelivery comes at most a third late and an idle group costs
   * Redis one cheap XPENDING every few seconds per replica.
   */
  public Duration sweepInterval() {
    long ms = Math.max(100, Math.min(5_000, visibilityTimeout.toMillis() / 3));
    return Duration.ofMillis(ms);
  }
}
