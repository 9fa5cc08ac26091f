package docplanner.gateway.health;

import docplanner.gateway.event.StreamId;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The stream's length and newest id, for readiness details and the stream gauges, shared by every
 * server instance of a process. One pipelined XLEN + XREVRANGE at most about once a second however
 * often probes and scrapes come: a fresh enough snapshot is reused, and while one instance
 * refreshes it the others get the previous one.
 */
public final class StreamWatch {

  static final long MAX_AGE_MS = 1_000;

  /** What Redis said at {@code takenAtMillis}; {@code newest} is {@link StreamId#ZERO} for an empty stream. */
  public record Snapshot(long length, StreamId newest, long takenAtMillis) {

    /** How far (stream time) a reader at {@code position} is behind the newest entry; 0 when caught up. */
    public long lagMillis(StreamId position) {
      if (position == null || !newest.isAfter(position)) {
        return 0;
      }
      return Math.max(0, newest.millis() - position.millis());
    }
  }

  private final String key;
  private final AtomicBoolean refreshing = new AtomicBoolean();
  private volatile Snapshot last;

  public StreamWatch(String key) {
    this.key = key;
  }

  /** The stream's key (the readiness probe writes beside it). */
  public String key() {
    return key;
  }

  /** A snapshot at most about a second old, fetched through {@code probe} when needed. */
  public Future<Snapshot> current(RedisProbe probe) {
    Snapshot snapshot = last;
    boolean fresh = snapshot != null && System.currentTimeMillis() - snapshot.takenAtMillis() < MAX_AGE_MS;
    if (fresh || snapshot != null && refreshing.get()) {
      return Future.succeededFuture(snapshot);
    }
    refreshing.set(true);
    return probe.batch(List.of(
            Request.cmd(Command.XLEN).arg(key),
            Request.cmd(Command.XREVRANGE).arg(key).arg("+").arg("-").arg("COUNT").arg(1)))
        .map(replies -> {
          // XREVRANGE answers [[id, [field, value, ...]]], or [] for an empty or absent stream.
          StreamId newest = replies.get(1).size() == 0 ? StreamId.ZERO
              : StreamId.parse(replies.get(1).get(0).get(0).toString());
          Snapshot taken = new Snapshot(replies.get(0).toLong(), newest, System.currentTimeMillis());
          last = taken;
          return taken;
        })
        .andThen(ar -> refreshing.set(false));
  }

  /** The latest snapshot taken, or null before the first (what the gauges read: no Redis call per scrape). */
  public Snapshot last() {
    return last;
  }
}
