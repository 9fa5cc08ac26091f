package docplanner.gateway.feed;

import docplanner.gateway.event.StreamId;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/**
 * One feed connection: what it asked for, how far it has got ({@code cursor}: the last entry it
 * was given or that its filter skipped), and whether it is still replaying history or live.
 * Only ever touched on its feed verticle's event loop.
 */
final class Subscriber {

  final Channel channel;
  final EventFilter filter;
  StreamId cursor;
  boolean live;
  boolean closed;
  long lastWriteNanos = System.nanoTime();

  Subscriber(Channel channel, EventFilter filter, StreamId cursor) {
    this.channel = channel;
    this.filter = filter;
    this.cursor = cursor;
  }

  /**
   * The events of {@code events} (in stream order) this subscriber has not had and wants, at most
   * {@code byteBudget} of them (at least one); the cursor moves past each event looked at, wanted
   * or not. Null when there is nothing to send.
   */
  List<EncodedEvent> take(List<EncodedEvent> events, long byteBudget) {
    if (byteBudget == Long.MAX_VALUE && filter.all()) {
      return takeAll(events);
    }
    List<EncodedEvent> wanted = null;
    long bytes = 0;
    for (EncodedEvent event : events) {
      if (!event.id().isAfter(cursor)) {
        continue; // already had it (replay and live tail overlap by design)
      }
      if (wanted != null && bytes >= byteBudget) {
        break;
      }
      cursor = event.id();
      if (filter.matches(event)) {
        if (wanted == null) {
          wanted = new ArrayList<>();
        }
        wanted.add(event);
        bytes += event.sseFrame().length();
      }
    }
    return wanted;
  }

  /** {@link #take} without filter or budget: a view of the shared list, no copy per subscriber. */
  private List<EncodedEvent> takeAll(List<EncodedEvent> events) {
    int n = events.size();
    int from = 0;
    while (from < n && !events.get(from).id().isAfter(cursor)) {
      from++; // already had it (replay and live tail overlap by design)
    }
    if (from == n) {
      return null;
    }
    cursor = events.get(n - 1).id();
    return from == 0 ? events : events.subList(from, n);
  }

  /** Writes {@code events} (from {@link #take}) in one go; done when the write is. */
  Future<Void> send(List<EncodedEvent> events) {
    Future<Void> written = channel.send(events);
    lastWriteNanos = System.nanoTime();
    return written;
  }
}
