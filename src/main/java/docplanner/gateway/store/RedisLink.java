package docplanner.gateway.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.impl.PooledRedisConnection;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * One long-lived, pipelined Redis connection owned by one event loop, re-established after any
 * failure. Commands are sent without waiting for earlier replies, so a verticle needs exactly one
 * of these for all its traffic (a second one for blocking reads). While Redis is down a command
 * fails at once, and reconnects are attempted at most every {@code backoff}, doubling to a second,
 * so a storm of requests never becomes a storm of connection attempts.
 */
public final class RedisLink {

  private static final long MIN_BACKOFF_MS = 50;
  private static final long MAX_BACKOFF_MS = 1000;

  private final Vertx vertx;
  private final Redis client;
  private final Duration connectTimeout;
  private final String name;
  private final Function<RedisConnection, Future<?>> onConnect;

  private RedisConnection connection;
  private Future<RedisConnection> connecting;
  private long nextAttemptNanos;
  private long backoffMs = MIN_BACKOFF_MS;
  private boolean closed;

  /**
   * @param onConnect run on every new connection before it is used (e.g. loading a script); its
   *                  failure fails the connection attempt
   */
  public RedisLink(Vertx vertx, Redis client, Duration connectTimeout, String name,
                   Function<RedisConnection, Future<?>> onConnect) {
    this.vertx = vertx;
    this.client = client;
    this.connectTimeout = connectTimeout;
    this.name = name;
    this.onConnect = onConnect;
  }

  public RedisLink(Vertx vertx, Redis client, Duration connectTimeout, String name) {
    this(vertx, client, connectTimeout, name, c -> Future.succeededFuture());
  }

  public Future<Response> send(Request request) {
    RedisConnection c = connection;
    if (c != null) {
      return c.send(request);
    }
    return connection().compose(conn -> conn.send(request));
  }

  public Future<List<Response>> batch(List<Request> requests) {
    RedisConnection c = connection;
    if (c != null) {
      return c.batch(requests);
    }
    return connection().compose(conn -> conn.batch(requests));
  }

  /** True while a connection is established (it may still turn out to be dead). */
  public boolean isConnected() {
    return connection != null;
  }

  /** Drops the current connection (a reply never came): the next command reconnects. */
  public void reset() {
    RedisConnection c = connection;
    connection = null;
    if (c != null) {
      discard(c);
    }
  }

  /**
   * Closes the socket itself: a pooled connection's close() only returns it to the pool, where a
   * command stuck on it (a blocking read, a paused server) would hold up the next borrower.
   */
  private static void discard(RedisConnection c) {
    if (c instanceof PooledRedisConnection pooled) {
      pooled.actual().forceClose();
    }
    c.close();
  }

  public Future<Void> close() {
    closed = true;
    RedisConnection c = connection;
    connection = null;
    if (c != null) {
      discard(c);
    }
    return Future.succeededFuture();
  }

  private Future<RedisConnection> connection() {
    if (closed) {
      return Future.failedFuture(new RedisUnavailable(name + ": closed"));
    }
    if (connecting != null) {
      return connecting;
    }
    long now = System.nanoTime();
    if (now < nextAttemptNanos) {
      return Future.failedFuture(new RedisUnavailable(name + ": Redis is unreachable, next attempt in "
          + (nextAttemptNanos - now) / 1_000_000 + " ms"));
    }
    Promise<RedisConnection> promise = Promise.promise();
    connecting = promise.future();
    long timer = vertx.setTimer(connectTimeout.toMillis(),
        t -> promise.tryFail(new RedisUnavailable(name + ": no connection within " + connectTimeout.toMillis() + " ms")));
    client.connect()
        .compose(conn -> onConnect.apply(conn).map(conn).onFailure(e -> conn.close()))
        .onComplete(ar -> {
          vertx.cancelTimer(timer);
          if (ar.succeeded() && !promise.tryComplete(ar.result())) {
            ar.result().close(); // the attempt timed out meanwhile: do not leak it
          } else if (ar.failed()) {
            promise.tryFail(new RedisUnavailable(name + ": " + ar.cause().getMessage()));
          }
        });
    return connecting.andThen(ar -> {
      connecting = null;
      if (ar.succeeded()) {
        adopt(ar.result());
      } else {
        nextAttemptNanos = System.nanoTime() + backoffMs * 1_000_000;
        backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
      }
    });
  }

  private void adopt(RedisConnection conn) {
    if (closed) {
      conn.close();
      return;
    }
    backoffMs = MIN_BACKOFF_MS;
    nextAttemptNanos = 0;
    connection = conn;
    FlushCoalescing.install(conn);
    conn.exceptionHandler(e -> forget(conn));
    conn.endHandler(v -> forget(conn));
  }

  private void forget(RedisConnection conn) {
    if (connection == conn) {
      connection = null;
    }
  }
}
