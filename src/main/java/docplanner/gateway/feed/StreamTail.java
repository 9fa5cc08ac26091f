package docplanner.gateway.feed;

import docplanner.gateway.event.StreamId;
import docplanner.gateway.store.RedisLink;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The process's one reader of the stream: follows the tail with {@code XREAD BLOCK} on a
 * connection of its own, on an event loop of its own, and hands every batch, in order, to each
 * feed instance on that instance's event loop. Each replica runs one, so replicas never talk to
 * each other: Redis is the bus. After any failure it resumes from the last id it handed on, so the
 * live feed has no gap; a read that outlives the block time by far is taken as a dead connection
 * (a hung or partitioned Redis) and the connection is replaced.
 *
 * <p>A feed instance registers and is told the position the tail has reached; every batch after
 * that position reaches it, in order, because both the position and the batches are sent from the
 * tail's event loop to the instance's one, which runs tasks in the order they were sent.
 */
public final class StreamTail {

  private static final Logger LOG = LoggerFactory.getLogger(StreamTail.class);
  static final long BLOCK_MS = 5_000;
  private static final long GRACE_MS = 5_000;
  private static final long MAX_BACKOFF_MS = 2_000;

  private final Vertx vertx;
  private final Context context;
  private final RedisLink tailLink;
  private final StreamReader reader;
  private final String key;
  private final int count;
  private final FeedStats stats;
  private final List<Registration> hubs = new ArrayList<>();

  private StreamId position;
  private boolean running;
  private volatile boolean healthy;
  private volatile StreamId published = StreamId.ZERO;
  private long backoffMs = 100;

  private record Registration(FeedHub hub, Context context) {
  }

  /** Create it from a non-Vert.x thread: it takes an event loop of its own. */
  public StreamTail(Vertx vertx, Redis redis, Duration connectTimeout, String key, int count, FeedStats stats) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.tailLink = new RedisLink(vertx, redis, connectTimeout, "feed-tail");
    // Only used before the loop starts, so it can share the blocking connection.
    this.reader = new StreamReader(tailLink, key);
    this.key = key;
    this.count = count;
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
      for (Registration registration : hubs) {
        startHub(registration, position);
      }
      read();
    });
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

  /** Adds a feed instance; it is told the tail's position (now, or once the tail has one) before any batch. */
  void register(FeedHub hub) {
    Context hubContext = vertx.getOrCreateContext();
    context.runOnContext(v -> {
      Registration registration = new Registration(hub, hubContext);
      hubs.add(registration);
      if (position != null) {
        startHub(registration, position);
      }
    });
  }

  private static void startHub(Registration registration, StreamId start) {
    registration.context().runOnContext(w -> registration.hub().startAt(start));
  }

  void unregister(FeedHub hub) {
    context.runOnContext(v -> hubs.removeIf(r -> r.hub() == hub));
  }

  /** True while the reader runs and its last read succeeded (for readiness). */
  boolean healthy() {
    return running && healthy;
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
          .timeout(GRACE_MS, TimeUnit.MILLISECONDS)
          .onSuccess(pong -> {
            healthy = true;
            read();
          })
          .onFailure(this::retry);
      return;
    }
    Request xread = Request.cmd(Command.XREAD).arg("COUNT").arg(count).arg("BLOCK").arg(BLOCK_MS)
        .arg("STREAMS").arg(key).arg(position.toString());
    tailLink.send(xread)
        .timeout(BLOCK_MS + GRACE_MS, TimeUnit.MILLISECONDS)
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
        TailBatch batch = new TailBatch(entries);
        position = batch.last();
        published = position;
        stats.read(batch.size());
        for (Registration registration : hubs) {
          registration.context().runOnContext(v -> registration.hub().dispatch(batch));
        }
      }
    }
    read();
  }

  private void retry(Throwable error) {
    retry(error, this::read);
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
    if (error instanceof java.util.concurrent.TimeoutException) {
      tailLink.reset();
    }
    vertx.setTimer(backoffMs, t -> next.run());
    backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
  }
}
