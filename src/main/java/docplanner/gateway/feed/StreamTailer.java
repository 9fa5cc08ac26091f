package docplanner.gateway.feed;

import docplanner.gateway.event.StreamId;
import docplanner.gateway.store.RedisLink;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Follows the stream's tail with {@code XREAD BLOCK} on a connection of its own and hands every
 * batch, in order, to the feed. Each replica (each feed instance) runs one, so replicas never talk
 * to each other: Redis is the bus. After any failure it resumes from the last id it handed on, so
 * the live feed has no gap; a read that outlives the block time by far is treated as a dead
 * connection (a paused or partitioned Redis) and the connection is replaced.
 */
final class StreamTailer {

  private static final Logger LOG = LoggerFactory.getLogger(StreamTailer.class);
  static final long BLOCK_MS = 5_000;
  private static final long GRACE_MS = 5_000;
  private static final long MAX_BACKOFF_MS = 2_000;

  private final Vertx vertx;
  private final RedisLink link;
  private final String key;
  private final int count;
  private final Consumer<List<StreamEntry>> sink;
  private final Runnable onError;

  private StreamId position;
  private boolean running;
  private boolean healthy;
  private long backoffMs = 100;
  private long lastReadMillis;

  /** @param onError called on each failed read (counted as a Redis error) */
  StreamTailer(Vertx vertx, RedisLink link, String key, int count, StreamId start, Consumer<List<StreamEntry>> sink,
               Runnable onError) {
    this.vertx = vertx;
    this.link = link;
    this.key = key;
    this.count = count;
    this.position = start;
    this.sink = sink;
    this.onError = onError;
  }

  void start() {
    running = true;
    read();
  }

  void stop() {
    running = false;
  }

  /** The id of the last entry handed to the feed. */
  StreamId position() {
    return position;
  }

  /** True while the reader's connection answers: its last read succeeded, or a PING did since the last failure (for readiness). */
  boolean healthy() {
    return healthy;
  }

  /** Wall-clock time of the last successful read (for the reader-lag metric). */
  long lastReadMillis() {
    return lastReadMillis;
  }

  private void read() {
    if (!running) {
      return;
    }
    if (!healthy) {
      // At start and after a failure, prove the connection with a PING first: a blocking read that
      // finds nothing answers only after BLOCK_MS, and readiness should not wait that long.
      link.send(Request.cmd(Command.PING))
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
    link.send(xread)
        .timeout(BLOCK_MS + GRACE_MS, TimeUnit.MILLISECONDS)
        .onSuccess(this::handle)
        .onFailure(this::retry);
  }

  private void handle(Response reply) {
    healthy = true;
    backoffMs = 100;
    lastReadMillis = System.currentTimeMillis();
    // RESP2: [[key, [entry, ...]]], or null when the block timed out with nothing new.
    if (reply != null && reply.size() > 0) {
      List<StreamEntry> entries = StreamReader.entries(reply.get(0).get(1));
      if (!entries.isEmpty()) {
        position = entries.get(entries.size() - 1).id();
        try {
          sink.accept(entries);
        } catch (RuntimeException e) {
          LOG.error("feed dispatch failed after stream id {}", position, e);
        }
      }
    }
    read();
  }

  private void retry(Throwable error) {
    if (!running) {
      return;
    }
    onError.run();
    if (healthy) {
      LOG.warn("stream reader lost Redis ({}); resuming after {} when it is back", error.getMessage(), position);
    }
    healthy = false;
    if (error instanceof java.util.concurrent.TimeoutException) {
      link.reset();
    }
    vertx.setTimer(backoffMs, t -> read());
    backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
  }

}
