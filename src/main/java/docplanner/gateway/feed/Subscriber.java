package docplanner.gateway.feed;

import docplanner.gateway.event.StreamId;

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
   * Gives {@code event} to the client if it is new to it and wanted; false when a live client is
   * too slow to take it (the caller cuts it off). Replay is paced by the replayer instead, which
   * waits for the buffer to drain between pages.
   */
  boolean offer(EncodedEvent event) {
    if (!event.id().isAfter(cursor)) {
      return true; // already had it (replay and live tail overlap by design)
    }
    cursor = event.id();
    if (!filter.matches(event)) {
      return true;
    }
    if (live && channel.full()) {
      return false;
    }
    channel.send(event);
    lastWriteNanos = System.nanoTime();
    return true;
  }
}
