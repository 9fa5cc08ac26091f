package docplanner.gateway.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The pull queue: FIFO, a pulled notification leaves it for good, one not pulled within
 * {@code expiry} is deleted. Bounded: beyond {@code maxSize} the oldest is dropped. Every read
 * first drops what has expired, so a pull never returns an expired notification even between
 * ticks. Confined to one event loop.
 */
final class NotificationQueue {

  private record Waiting(SandboxEvent event, Instant expiresAt) {
  }

  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  private final Duration expiry;
  private final int maxSize;
  private final Consumer<SandboxEvent> onExpired;
  private final Consumer<SandboxEvent> onEvicted;

  NotificationQueue(Duration expiry, int maxSize, Consumer<SandboxEvent> onExpired, Consumer<SandboxEvent> onEvicted) {
    this.expiry = expiry;
    this.maxSize = maxSize;
    this.onExpired = onExpired;
    this.onEvicted = onEvicted;
  }

  /** Appends {@code event}, queued at {@code now}. */
  void offer(SandboxEvent event, Instant now) {
    expire(now);
    if (waiting.size() >= maxSize) {
      onEvicted.accept(waiting.poll().event);
    }
    waiting.add(new Waiting(event, now.plus(expiry)));
  }

  /** Removes and returns the earliest {@code limit} notifications not yet expired. */
  List<SandboxEvent> take(int limit, Instant now) {
    expire(now);
    List<SandboxEvent> taken = new ArrayList<>(Math.min(limit, waiting.size()));
    while (taken.size() < limit && !waiting.isEmpty()) {
      taken.add(waiting.poll().event);
    }
    return taken;
  }

  /** How many are waiting at {@code now}. */
  int remaining(Instant now) {
    expire(now);
    return waiting.size();
  }

  /**
   * Deletes the notifications whose time is up. The queue is in enqueue order with one expiry for
   * all, so the expired ones are always at the head.
   */
  void expire(Instant now) {
    while (!waiting.isEmpty() && !waiting.peek().expiresAt.isAfter(now)) {
      onExpired.accept(waiting.poll().event);
    }
  }

  /** What is waiting, earliest first, without taking it. */
  List<SandboxEvent> snapshot() {
    List<SandboxEvent> out = new ArrayList<>(waiting.size());
    for (Waiting w : waiting) {
      out.add(w.event);
    }
    return out;
  }

  void clear() {
    waiting.clear();
  }
}
