package docplanner.gateway.feed.group;

import docplanner.gateway.config.GroupSettings;
import docplanner.gateway.event.StreamId;
import docplanner.gateway.store.StreamKeys;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the feed instances of one process share about consumer groups: the settings, the metrics,
 * and which consumers and group dispatchers live on which instance, so that an acknowledgement
 * or a nack arriving on one instance (POST /events/ack) reaches the consumer's own event loop, and
 * a nack or a replay wakes the sweeps of every instance with consumers of that group. Everything
 * else about a group lives in Redis, which is what lets consumers of one group be connected to
 * different replicas.
 */
public final class Groups {

  final GroupSettings settings;
  final GroupMetrics metrics;
  final StreamKeys keys;
  private final Map<String, GroupConsumer> consumers = new ConcurrentHashMap<>();
  private final Map<String, Set<GroupDispatcher>> dispatchers = new ConcurrentHashMap<>();
  /** The newest entry this process read for each group: where a lost group is created again. */
  private final Map<String, StreamId> newestRead = new ConcurrentHashMap<>();

  public Groups(GroupSettings settings, GroupMetrics metrics, StreamKeys keys) {
    this.settings = settings;
    this.metrics = metrics;
    this.keys = keys;
  }

  /** Idle time given to a nacked or replayed entry: past the visibility timeout, so any sweep takes it. */
  long handBackIdleMs() {
    return settings.visibilityTimeout().toMillis() + 1_000;
  }

  private static String id(String group, String consumer) {
    return group + '\n' + consumer;
  }

  void joined(GroupConsumer consumer) {
    consumers.put(id(consumer.group, consumer.name), consumer);
  }

  void left(GroupConsumer consumer) {
    consumers.remove(id(consumer.group, consumer.name), consumer);
  }

  /** The live connection of that consumer in this process, or null. */
  GroupConsumer consumer(String group, String consumer) {
    return consumers.get(id(group, consumer));
  }

  void started(GroupDispatcher dispatcher) {
    dispatchers.computeIfAbsent(dispatcher.group, g -> ConcurrentHashMap.newKeySet()).add(dispatcher);
  }

  void stopped(GroupDispatcher dispatcher) {
    Set<GroupDispatcher> of = dispatchers.get(dispatcher.group);
    if (of != null) {
      of.remove(dispatcher);
    }
  }

  void read(String group, String lastId) {
    StreamId id = StreamId.parse(lastId);
    if (id != null) {
      newestRead.merge(group, id, (a, b) -> a.isAfter(b) ? a : b);
    }
  }

  /**
   * Where a group that disappeared is created again: after the newest entry this process read for
   * it, so entries stored meanwhile (after a Redis restart without data: every entry of the new
   * stream) are not skipped; at worst some another replica had read come again. {@code $} when
   * this process never read for it.
   */
  String restartPoint(String group) {
    StreamId id = newestRead.get(group);
    return id == null ? "$" : id.toString();
  }

  /** Asks every instance with consumers of {@code group} to sweep now (after a nack or a replay). */
  void sweepSoon(String group) {
    Set<GroupDispatcher> of = dispatchers.get(group);
    if (of != null) {
      for (GroupDispatcher dispatcher : of) {
        dispatcher.context.runOnContext(v -> dispatcher.sweep());
      }
    }
  }
}
