package docplanner.gateway.feed;

import docplanner.gateway.event.StreamId;
import docplanner.gateway.store.RedisLink;
import docplanner.gateway.store.RedisLinks;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * A feed instance's reader of the stream: follows the tail with {@code XREAD BLOCK} on a connection
 * of its own, on the instance's event loop, and hands every batch, in order, to the instance. Each
 * feed instance of each replica runs one, so neither replicas nor instances ever talk to each
 * other: Redis is the bus, and it wakes the very thread that writes to the instance's subscribers.
 * After any failure it resumes from the last id it handed on, so the live feed has no gap; a read
 * that outlives the block time plus the command timeout is taken as a dead connection (a hung or
 * partitioned Redis) and its {@link RedisLink} replaces the connection.
 *
 * <p>The instance registers and is told the position the tail has reached; every batch after that
 * position reaches it, in order, because the position, the batches and everything else the tail
 * tells it go through one {@link HubMailbox}, delivered on its event loop in the order sent.
 *
 * <p>When the instance has no subscriber the tail stops reading (an instance nobody listens to
 * costs Redis and itself nothing per event). It first asks the instance to give up its position;
 * only when it has (it has no subscriber) is the tail idle. The position only ever jumps (to the
 * newest entry, when a subscriber arrives) from that idle state, when the instance holds none: so
 * an instance holding a position always receives every entry after it.
 *
 * <p>Back-pressure: while the instance has more than {@code feed.mailbox-limit} events waiting (its
 * deliveries are behind), the tail issues no further read; it reads on, from where it was, once the
 * instance has worked its queue down to half. The entries wait in Redis, not in the heap.
 */
public final class StreamTail implements Demand {

  private static final Logger LOG = LoggerFactory.getLogger(StreamTail.class);
  static final long BLOCK_MS = 5_000;
  private static final long MAX_BACKOFF_MS = 2_000;

  private final Vertx vertx;
  private final Context context;
  private final RedisLink tailLink;
  private final StreamReader reader;
  private final String key;
  private final int count;
  /** At most the command timeout, so the reader's link reads at least that often (see RedisSettings). */
  private final long blockMs;
  private final int mailboxLimit;
  private final FeedStats stats;
  /** Copy-on-write: changed only when instances start or stop, read on every batch. */
  private final List<Registration> hubs = new java.util.concurrent.CopyOnWriteArrayList<>();

  private StreamId position;
  private boolean running;
  private volatile Mode mode = Mode.LOCATING;
  /** Instances that said they have subscribers (and not yet that they have none). */
  private final java.util.Set<FeedHub> busy = new java.util.HashSet<>();
  private int acksPending;
  private boolean demandWhileSuspending;
  private volatile boolean healthy;
  private volatile StreamId published = StreamId.ZERO;
  private long backoffMs = 100;

  /** LOCATING: finding the newest entry; READING: following; SUSPENDING: asking instances to let go; IDLE. */
  private enum Mode { LOCATING, READING, SUSPENDING, IDLE }

  /** A feed instance, its mailbox, and whether the tail has given it a position it still holds. */
  private static final class Registration {
    final FeedHub hub;
    final HubMailbox mailbox;
    boolean positioned;

    Registration(FeedHub hub, Context context, int mailboxLimit) {
      this.hub = hub;
      this.mailbox = new HubMailbox(context, hub, mailboxLimit);
    }
  }

  /** Create it on the feed instance's context (in its start): it runs on that event loop. */
  public StreamTail(Vertx vertx, RedisLinks redis, String key, int count, int mailboxLimit, FeedStats stats) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.tailLink = redis.open("feed-tail");
    // Only used before the loop starts, so it can share the blocking connection.
    this.reader = new StreamReader(tailLink, key);
    this.key = key;
    this.count = count;
    this.blockMs = Math.min(BLOCK_MS, redis.commandTimeout().toMillis());
    this.mailboxLimit = mailboxLimit;
    this.stats = stats;
  }

  /**
   * Starts following the stream from its newest entry. Redis need not be up yet: the tail keeps
   * trying, and feed instances hold their subscribers until it has a position (readiness says so).
   */
  public void start() {
    context.runOnContext(v -> {
      running = true;
      stats.attach(this);
      locate();
    });
  }

  private void locate() {
    if (!running) {
      return;
    }
    reader.newest().onComplete(ar -> {
      if (ar.failed()) {
        retry(ar.cause(), this::locate);
        return;
      }
      position = ar.result();
      published = position;
      healthy = true;
      backoffMs = 100;
      mode = Mode.READING;
      startUnpositioned();
      next();
    });
  }

  /** After each read: read on while anyone listens, else try to go idle. */
  private void next() {
    if (!running) {
      return;
    }
    if (busy.isEmpty()) {
      suspend();
    } else if (!waitingForRoom()) {
      read();
    }
  }

  /**
   * True when an instance has more than its limit queued: the next read then waits until that
   * instance has worked its queue down (it calls {@link #next} back on this loop).
   */
  private boolean waitingForRoom() {
    for (Registration registration : hubs) {
      if (registration.mailbox.full()
          && !registration.mailbox.whenRoom(() -> context.runOnContext(v -> next()))) {
        stats.readerHeld();
        return true;
      }
    }
    return false;
  }

  private void suspend() {
    mode = Mode.SUSPENDING;
    demandWhileSuspending = false;
    acksPending = hubs.size();
    if (acksPending == 0) {
      suspended();
      return;
    }
    for (Registration registration : List.copyOf(hubs)) {
      registration.mailbox.post(() -> {
        boolean released = registration.hub.release();
        context.runOnContext(w -> {
          if (released) {
            registration.positioned = false;
          }
          if (--acksPending == 0) {
            suspended();
          }
        });
      });
    }
  }

  private void suspended() {
    if (!running) {
      return;
    }
    boolean allReleased = hubs.stream().noneMatch(r -> r.positioned);
    if (allReleased && busy.isEmpty() && !demandWhileSuspending) {
      mode = Mode.IDLE;
      stats.readerPaused();
      return;
    }
    // Someone subscribed meanwhile: carry on from the same position (it has not moved), and read
    // at least once before trying again.
    mode = Mode.READING;
    startUnpositioned();
    read();
  }

  /** Gives the current position to every instance that holds none. */
  private void startUnpositioned() {
    for (Registration registration : hubs) {
      if (!registration.positioned) {
        registration.positioned = true;
        StreamId start = position;
        registration.mailbox.post(() -> registration.hub.startAt(start));
      }
    }
  }

  /** An instance got its first subscriber. */
  @Override
  public void demand(FeedHub hub) {
    context.runOnContext(v -> {
      busy.add(hub);
      if (mode == Mode.IDLE) {
        mode = Mode.LOCATING;
        locate(); // no instance holds a position: start from the newest entry
      } else if (mode == Mode.SUSPENDING) {
        demandWhileSuspending = true;
      }
    });
  }

  /** An instance lost its last subscriber. */
  @Override
  public void idle(FeedHub hub) {
    context.runOnContext(v -> busy.remove(hub));
  }

  public Future<Void> stop() {
    Promise<Void> stopped = Promise.promise();
    context.runOnContext(v -> {
      running = false;
      hubs.clear();
      stats.detach(this);
      tailLink.close().onComplete(ar -> stopped.complete());
    });
    return stopped.future();
  }

  /**
   * Adds a feed instance; it is told the tail's position (now, or once the tail has one) before any
   * batch. An idle tail gives it none until a subscriber arrives somewhere.
   */
  void register(FeedHub hub) {
    Context hubContext = vertx.getOrCreateContext();
    context.runOnContext(v -> {
      hubs.add(new Registration(hub, hubContext, mailboxLimit));
      if (mode == Mode.READING) {
        startUnpositioned();
      }
    });
  }

  void unregister(FeedHub hub) {
    context.runOnContext(v -> {
      hubs.removeIf(r -> r.hub == hub);
      busy.remove(hub);
    });
  }

  /** For tests: the most events that ever waited in one instance's mailbox. */
  int mailboxPeak() {
    return hubs.stream().mapToInt(r -> r.mailbox.peak()).max().orElse(0);
  }

  /** For tests: the event loops of the registered feed instances, and the tail's own. */
  List<Context> hubContexts() {
    return hubs.stream().map(r -> r.mailbox.context()).toList();
  }

  Context context() {
    return context;
  }

  /** True when nobody listens and the tail does not read. */
  boolean idle() {
    return mode == Mode.IDLE;
  }

  /**
   * True while the reader runs and its last read succeeded, or it is idle (it reads nothing then,
   * and Redis' own health is the readiness check's business), for readiness.
   */
  boolean healthy() {
    return running && (mode == Mode.IDLE || healthy);
  }

  /** The id of the last entry handed to the feed instances. */
  StreamId position() {
    return published;
  }

  private void read() {
    if (!running) {
      return;
    }
    if (!healthy) {
      // After a failure, prove the connection with a PING first: a blocking read that finds
      // nothing answers only after BLOCK_MS, and readiness should not wait that long.
      tailLink.send(Request.cmd(Command.PING))
          .onSuccess(pong -> {
            healthy = true;
            next();
          })
          .onFailure(this::retry);
      return;
    }
    Request xread = Request.cmd(Command.XREAD).arg("COUNT").arg(count).arg("BLOCK").arg(blockMs)
        .arg("STREAMS").arg(key).arg(position.toString());
    // Its deadline is the block time plus the command timeout; past it the link replaces the connection.
    tailLink.sendBlocking(xread, blockMs)
        .onSuccess(this::handle)
        .onFailure(this::retry);
  }

  private void handle(Response reply) {
    healthy = true;
    backoffMs = 100;
    // RESP2: [[key, [entry, ...]]], or null when the block timed out with nothing new.
    if (reply != null && reply.size() > 0 && running) {
      List<StreamEntry> entries = StreamReader.entries(reply.get(0).get(1));
      if (!entries.isEmpty()) {
        TailBatch batch = new TailBatch(entries, stats.tailRead(entries));
        position = batch.last();
        published = position;
        stats.read(batch.size());
        for (Registration registration : hubs) {
          if (registration.positioned) {
            registration.mailbox.post(batch);
          }
        }
      }
    }
    next();
  }

  private void retry(Throwable error) {
    retry(error, this::next);
  }

  private void retry(Throwable error, Runnable next) {
    if (!running) {
      return;
    }
    if (healthy) {
      LOG.warn("stream reader lost Redis ({}); resuming after {} when it is back", error.getMessage(), position);
    }
    healthy = false;
    stats.tailFailed();
    vertx.setTimer(backoffMs, t -> next.run());
    backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
  }
}
