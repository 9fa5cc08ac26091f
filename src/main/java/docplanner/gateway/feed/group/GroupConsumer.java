package docplanner.gateway.feed.group;

import docplanner.gateway.feed.Channel;
import docplanner.gateway.feed.EncodedEvent;
import docplanner.gateway.feed.EventFilter;
import io.vertx.core.Context;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One consumer connection of a group: its transport, its filter, and what it holds unacknowledged
 * (its credit is {@code groups.max-unacked} minus that). Only touched on its feed instance's event
 * loop; acknowledgements that arrive elsewhere (POST /events/ack on another instance) come here
 * through {@link #context}.
 */
final class GroupConsumer {

  final String group;
  final String name;
  final Channel channel;
  final EventFilter filter;
  final Context context;
  /** Delivered and not acknowledged: id, and when it was written (oldest first). */
  private final LinkedHashMap<String, Long> unacked = new LinkedHashMap<>();
  /** The dispatcher of its group on its instance (set when it is added there). */
  GroupDispatcher dispatcher;
  boolean closed;
  /** A read for it is under way; another is wanted after it. */
  boolean reading;
  boolean readAgain;
  /** When a read last gave it entries, and whether its next read waits for the others (see GroupDispatcher#wake). */
  long servedNanos = System.nanoTime() - 1_000_000_000L;
  boolean yielding;
  /** Waiting to ask, or asking, Redis what it still holds (see GroupDispatcher#reconcileSoon), and how long it waits next. */
  boolean reconciling;
  long reconcileWaitMs = GroupDispatcher.RECONCILE_FIRST_MS;
  /** Still being given its own pending entries from before (nothing new until that is done). */
  boolean recovering = true;
  long lastWriteNanos = System.nanoTime();

  GroupConsumer(String group, String name, Channel channel, EventFilter filter, Context context) {
    this.group = group;
    this.name = name;
    this.channel = channel;
    this.filter = filter;
    this.context = context;
  }

  /**
   * How many more events it may be given: {@code max} minus those it holds unacknowledged, not
   * counting those older than {@code visibilityNanos} (they are someone else's by now, or will be).
   */
  int credit(int max, long visibilityNanos) {
    long now = System.nanoTime();
    for (Iterator<Map.Entry<String, Long>> it = unacked.entrySet().iterator(); it.hasNext(); ) {
      if (now - it.next().getValue() < visibilityNanos) {
        break;
      }
      it.remove();
    }
    return Math.max(0, max - unacked.size());
  }

  /** Writes deliveries (after the filter) and remembers them as unacknowledged. */
  void send(List<EncodedEvent> events) {
    long now = System.nanoTime();
    for (EncodedEvent event : events) {
      unacked.put(event.id().toString(), now);
    }
    channel.send(events);
    lastWriteNanos = now;
  }

  void notice(String type, String json) {
    channel.sendNotice(type, json);
    lastWriteNanos = System.nanoTime();
  }

  /** Forgets acknowledged (or nacked) ids; reports each one's delivery-to-ack time to {@code latency}. */
  void settled(Collection<String> ids, java.util.function.LongConsumer latency) {
    long now = System.nanoTime();
    for (String id : ids) {
      Long sent = unacked.remove(id);
      if (sent != null && latency != null) {
        latency.accept(now - sent);
      }
    }
  }

  /** Keeps only the unacknowledged ids Redis still has pending for it (acknowledged elsewhere). */
  void retainOnly(java.util.Set<String> pending) {
    unacked.keySet().retainAll(pending);
  }
}
