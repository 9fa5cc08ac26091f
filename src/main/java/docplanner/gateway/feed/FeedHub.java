package docplanner.gateway.feed;

import docplanner.gateway.event.StreamId;
import docplanner.gateway.feed.group.GroupHost;
import docplanner.gateway.ops.ThrottledLog;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The subscribers of one feed instance and the hand-off between history and live events.
 *
 * <p>A subscriber with a resume point first replays history page by page from Redis. When a page
 * comes back short, the subscriber has reached the end of the stream as Redis saw it; if the tail
 * has not handed this instance anything beyond that point it joins the live set, otherwise it reads
 * once more. From then on the tail's batches reach it, and {@link Subscriber#take} drops
 * whatever it already had. Because the tail hands this instance every entry after its position, in
 * order, there is neither a gap nor a duplicate at the seam, however fast events arrive. Everything
 * here runs on the instance's event loop, so none of it needs locks.
 */
final class FeedHub implements GroupHost {

  private static final Logger LOG = LoggerFactory.getLogger(FeedHub.class);
  // A slow network or a Redis outage can hit many subscribers at once: a few lines, not one each.
  private static final ThrottledLog CUT_OFF = ThrottledLog.info(LOG);
  private static final ThrottledLog READ_FAILED = ThrottledLog.warn(LOG);

  /**
   * How long one turn of the event loop may spend handing a batch to subscribers before it lets the
   * loop read its sockets. The loop is shared with the push server and the stream reader: a push
   * that arrives during a delivery waits this long at most, not for writes to every subscriber
   * (with 50 subscribers on a loop ~0.3 ms; 100 µs costs a few non-blocking polls per event).
   */
  static final long TURN_NANOS = 100_000;

  /** With stage timing on, the writes of one subscriber in this many are timed (see {@link #deliverTo}). */
  static final int STAGE_SAMPLE = 8;

  private final History reader;
  private final int replayBatch;
  private final long maxBuffer;
  private final FeedStats stats;
  private final Demand tail;
  private final Set<Subscriber> all = new LinkedHashSet<>();
  private final Set<Subscriber> live = new LinkedHashSet<>();
  /** Subscribers that arrived while this instance had no position (reader idle, or Redis not reachable yet). */
  private final List<Runnable> waiting = new ArrayList<>();
  /** The last stream id the tail has handed to this instance: every later entry will reach it, in order. */
  private StreamId position;

  /** The delivery under way (null when none): its events, the live subscribers it goes to, and how far it got. */
  private List<EncodedEvent> deliveryEvents;
  private Subscriber[] deliveryTargets;
  private int deliveryNext;
  private int deliveries;
  /** When the delivery under way was taken from the mailbox, for stage timing (0: off). */
  private long deliveryTaken;
  /** Consumer-group connections of this instance: they need the tail's wake-ups, not its position. */
  private int groupConsumers;
  private Runnable newEntries = () -> { };

  FeedHub(History reader, int replayBatch, long maxBuffer, FeedStats stats, Demand tail) {
    this.reader = reader;
    this.replayBatch = replayBatch;
    this.maxBuffer = maxBuffer;
    this.stats = stats;
    this.tail = tail;
  }

  /**
   * The tail asks an instance with no subscribers to give up its position (it is about to stop
   * reading); true when it did. Subscribers arriving after this wait for {@link #startAt}.
   */
  boolean release() {
    if (!all.isEmpty() || groupConsumers > 0) {
      return false;
    }
    position = null;
    return true;
  }

  /** Called by the tail before any batch, and again whenever it starts reading after being idle. */
  void startAt(StreamId start) {
    this.position = start;
    // Entries stored before the tail found its position reach no batch: the groups read them now.
    newEntries.run();
    for (Runnable join : waiting) {
      join.run();
    }
    waiting.clear();
  }

  /** Where a new subscriber wants to start. */
  sealed interface Start permits Live, Everything, After, From {
  }

  /**
   * Only events from now on: {@link #resolve} turns it into a {@link From} before the subscriber is
   * told it is connected.
   */
  record Live() implements Start {
  }

  /** Every entry after this id, which is known to be a valid point of the stream (no resume check). */
  record From(StreamId cursor) implements Start {
  }

  /** All retained history ({@code since=0}). */
  record Everything() implements Start {
  }

  /** After this id ({@code Last-Event-ID} or {@code since}); {@code id} is null when it could not be parsed. */
  record After(String requested, StreamId id) implements Start {
  }

  /**
   * Fixes where a live-only subscriber starts, before it is told it is connected: whatever is
   * stored after that reaches it, even when this instance has no position yet (its reader idle).
   * The point always comes from Redis, never from this machine's clock: when Redis does not
   * answer, the subscriber stays {@link Live} and waits (with heartbeats) for the position the
   * tail reads from Redis once it is back; entries stored then carry Redis' clock, which may
   * well be behind ours.
   */
  Future<Start> resolve(Start start) {
    if (!(start instanceof Live)) {
      return Future.succeededFuture(start);
    }
    if (position != null) {
      return Future.succeededFuture(new From(position));
    }
    stats.starting();
    return reader.newest()
        .<Start>map(From::new)
        .recover(unreachable -> Future.succeededFuture(start))
        .andThen(done -> stats.started());
  }

  /**
   * {@code listener} runs (on this loop) whenever the tail hands this instance new entries: the
   * consumer groups read their share then, instead of each holding a blocking read of its own.
   */
  void onNewEntries(Runnable listener) {
    this.newEntries = listener;
  }

  /** A group consumer connected here: the tail must keep reading, to wake the groups up. */
  @Override
  public void consumerJoined(String protocol) {
    if (all.isEmpty() && groupConsumers == 0) {
      tail.demand(this);
    }
    groupConsumers++;
    stats.subscribed(protocol);
  }

  @Override
  public void consumerLeft(String protocol) {
    groupConsumers--;
    stats.unsubscribed(protocol);
    if (all.isEmpty() && groupConsumers == 0) {
      tail.idle(this);
    }
  }

  @Override
  public void consumerCutOff(String protocol) {
    stats.cutOff(protocol);
  }

  void join(Subscriber subscriber, Start start) {
    if (all.isEmpty() && groupConsumers == 0) {
      tail.demand(this);
    }
    all.add(subscriber);
    stats.subscribed(subscriber.channel.protocol());
    subscriber.channel.onClose(() -> leave(subscriber));
    subscriber.channel.onTooSlow(() -> {
      if (!subscriber.closed) {
        cutOff(subscriber);
      }
    });
    if (position == null) {
      waiting.add(() -> {
        if (!subscriber.closed) {
          begin(subscriber, start);
        }
      });
    } else {
      begin(subscriber, start);
    }
  }

  private void begin(Subscriber subscriber, Start start) {
    if (start instanceof From from) {
      subscriber.cursor = from.cursor();
      if (position.isAfter(from.cursor())) {
        replay(subscriber);
      } else {
        goLive(subscriber);
      }
    } else if (start instanceof Live) {
      begin(subscriber, new From(position)); // not resolved: live from here
    } else if (start instanceof Everything) {
      subscriber.cursor = StreamId.ZERO;
      replay(subscriber);
    } else {
      After after = (After) start;
      reader.resumePoint(after.id()).onComplete(ar -> {
        if (subscriber.closed) {
          return;
        }
        if (ar.failed()) {
          failed(subscriber, ar.cause());
        } else if (ar.result().exists()) {
          subscriber.cursor = after.id();
          replay(subscriber);
        } else {
          resetThenReplay(subscriber, after.requested(), ar.result().oldest());
        }
      });
    }
  }

  private void resetThenReplay(Subscriber subscriber, String requested, String oldest) {
    StreamId requestedId = StreamId.parse(requested);
    StreamId oldestId = StreamId.parse(oldest);
    boolean trimmed = requestedId != null && oldestId != null && oldestId.isAfter(requestedId);
    JsonObject reset = new JsonObject()
        .put("type", "reset")
        .put("requested", requested)
        .put("oldest", oldest)
        .put("reason", trimmed ? "trimmed" : "unknown");
    subscriber.channel.sendReset(reset.encode());
    stats.reset();
    subscriber.cursor = StreamId.ZERO;
    replay(subscriber);
  }

  private void replay(Subscriber subscriber) {
    stats.replayStarted();
    replayPage(subscriber);
  }

  private void replayPage(Subscriber subscriber) {
    reader.after(subscriber.cursor, replayBatch).onComplete(ar -> {
      if (subscriber.closed) {
        return;
      }
      if (ar.failed()) {
        failed(subscriber, ar.cause());
        return;
      }
      List<StreamEntry> page = ar.result();
      StreamId pageEnd = page.isEmpty() ? subscriber.cursor : page.get(page.size() - 1).id();
      List<EncodedEvent> events = new ArrayList<>(page.size());
      for (StreamEntry entry : page) {
        events.add(FrameEncoder.encode(entry));
      }
      // One write per page, at most a buffer's worth: with large bodies the rest is read again.
      List<EncodedEvent> wanted = subscriber.take(events, maxBuffer);
      if (wanted != null) {
        subscriber.send(wanted);
      }
      stats.replayed(page.size());
      boolean wholePage = !pageEnd.isAfter(subscriber.cursor);
      if (wholePage && page.size() < replayBatch && !position.isAfter(subscriber.cursor)) {
        goLive(subscriber);
      } else if (subscriber.channel.full()) {
        subscriber.channel.onDrain(() -> {
          if (!subscriber.closed) {
            replayPage(subscriber);
          }
        });
      } else {
        replayPage(subscriber);
      }
    });
  }

  private void goLive(Subscriber subscriber) {
    subscriber.live = true;
    live.add(subscriber);
  }

  /**
   * Batches from the tail (several when they queued up while this instance was busy) start a
   * delivery: each live subscriber gets what it wants of them in one write, one that has more
   * than its buffer queued already is cut off instead. The delivery itself runs in
   * {@link #deliver}, a turn at a time, so that hundreds of subscribers never hold the event loop
   * (health checks, heartbeats and new connections share it).
   */
  void dispatch(List<TailBatch> batches) {
    TailBatch lastBatch = batches.get(batches.size() - 1);
    position = lastBatch.last();
    newEntries.run();
    if (live.isEmpty()) {
      return;
    }
    List<EncodedEvent> events;
    if (batches.size() == 1) {
      events = lastBatch.encoded();
    } else {
      events = new ArrayList<>();
      for (TailBatch batch : batches) {
        events.addAll(batch.encoded());
      }
    }
    deliveryEvents = events;
    deliveryTaken = stats.taken(batches);
    // A snapshot: closes and cut-offs during the delivery must not disturb it. Subscribers that go
    // live meanwhile replay up to the position set above themselves.
    deliveryTargets = live.toArray(new Subscriber[0]);
    deliveryNext = 0;
    deliveries = 0;
  }

  /**
   * Carries the delivery under way on until it is done (true) or {@code deadlineNanos} (a
   * {@link System#nanoTime} value) has passed (false: call again on a later turn, before any
   * other batch).
   */
  boolean deliver(long deadlineNanos) {
    Subscriber[] targets = deliveryTargets;
    if (targets == null) {
      return true;
    }
    while (deliveryNext < targets.length) {
      deliverTo(targets[deliveryNext++]);
      if ((deliveryNext & 7) == 0 && deliveryNext < targets.length && System.nanoTime() - deadlineNanos > 0) {
        return false;
      }
    }
    stats.dispatched(deliveries);
    deliveryTargets = null;
    deliveryEvents = null;
    return true;
  }

  private void deliverTo(Subscriber subscriber) {
    if (subscriber.closed) {
      return;
    }
    List<EncodedEvent> wanted = subscriber.take(deliveryEvents, Long.MAX_VALUE);
    if (wanted == null) {
      return;
    }
    // More than its buffer queued: it will not catch up, and cutting it before writing keeps its
    // socket from holding a backlog it never reads.
    if (subscriber.channel.full()) {
      cutOff(subscriber);
      return;
    }
    // Stage timing follows one subscriber in STAGE_SAMPLE of each delivery (the first, then every
    // STAGE_SAMPLE-th): enough for the distributions, at a fraction of the instrument's own cost,
    // which would otherwise be paid on every write it measures.
    long writeAt = deliveryTaken == 0 || (deliveryNext - 1) % STAGE_SAMPLE != 0 ? 0 : System.nanoTime();
    Future<Void> written = subscriber.send(wanted);
    if (writeAt != 0) {
      stats.written(written, wanted, deliveryTaken, writeAt);
    }
    deliveries += wanted.size();
  }

  private void cutOff(Subscriber subscriber) {
    CUT_OFF.log("cut off a slow {} subscriber at stream id {} (more than its buffer queued)",
        subscriber.channel.protocol(), subscriber.cursor);
    stats.cutOff(subscriber.channel.protocol());
    leave(subscriber);
    subscriber.channel.cutOff();
  }

  /** Sends a heartbeat to every subscriber that has not been written to for {@code idleNanos}. */
  void heartbeat(long idleNanos) {
    long now = System.nanoTime();
    for (Subscriber subscriber : all) {
      if (now - subscriber.lastWriteNanos >= idleNanos) {
        subscriber.channel.heartbeat();
        subscriber.lastWriteNanos = now;
      }
    }
  }

  /** Closes every subscriber with a hint to reconnect (server shutting down). */
  void closeAll() {
    for (Subscriber subscriber : new ArrayList<>(all)) {
      leave(subscriber);
      subscriber.channel.closeForShutdown();
    }
  }

  private void failed(Subscriber subscriber, Throwable cause) {
    stats.readFailed();
    READ_FAILED.log("closing a {} subscriber: reading the stream failed ({}); it will resume from its last id",
        subscriber.channel.protocol(), cause.getMessage());
    leave(subscriber);
    subscriber.channel.cutOff();
  }

  private void leave(Subscriber subscriber) {
    if (subscriber.closed) {
      return;
    }
    subscriber.closed = true;
    all.remove(subscriber);
    if (all.isEmpty() && groupConsumers == 0) {
      tail.idle(this);
    }
    if (subscriber.live) {
      live.remove(subscriber);
    }
    stats.unsubscribed(subscriber.channel.protocol());
  }
}
