package docplanner.gateway.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.impl.PooledRedisConnection;
import io.vertx.redis.client.impl.types.ErrorType;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * One long-lived, pipelined Redis connection owned by one event loop, and the one owner of its
 * health. Commands are sent without waiting for earlier replies, so a verticle needs exactly one
 * of these for all its traffic (a second one for blocking reads).
 *
 * <p>Every command has a deadline (the command timeout; a blocking read adds its block time).
 * A command past it fails, and the connection it went out on is closed and replaced at once: a
 * peer that vanished without a reset (a failover to a new address, a partition, a NAT dropping
 * the flow) would otherwise hold the connection half-open for the kernel's ~15 minutes, with
 * every later command queued behind the lost one. A connection that closes is replaced at once
 * too, so the link heals without waiting for traffic. Reconnects are attempted at most every
 * {@code backoff}, doubling to a second, so a storm of requests never becomes a storm of
 * connection attempts; while there is no connection a command fails at once. An idle link PINGs
 * once per command timeout, so a dead connection is found before a command needs it.
 *
 * <p>Something at the URL that is not Redis (an HTTP server) fails the client's handshake; the
 * link says so in plain words. The link reports to the process's {@link RedisHealth}, which
 * readiness reads and which writes the log lines. Event-loop confined: create and use it on one
 * context.
 */
public final class RedisLink {

  private static final long MIN_BACKOFF_MS = 50;
  private static final long MAX_BACKOFF_MS = 1000;

  private final Vertx vertx;
  private final Redis client;
  private final Duration connectTimeout;
  private final long commandTimeoutMs;
  private final long sweepMs;
  private final String name;
  private final Function<RedisConnection, Future<?>> onConnect;
  private final RedisHealth health;
  private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();

  private RedisConnection connection;
  private Future<RedisConnection> connecting;
  private long nextAttemptNanos;
  private long backoffMs = MIN_BACKOFF_MS;
  private boolean closed;
  private boolean troubled;
  private boolean sweepScheduled;
  private boolean reconnectScheduled;
  private long idleTimer = -1;
  private long lastSendNanos;

  /** A command sent and not yet answered: its deadline, and the connection it went out on. */
  private static final class InFlight {
    final long timeoutMs;
    final long deadlineNanos;
    final Promise<?> promise;
    RedisConnection connection;
    boolean done;

    InFlight(long timeoutMs, Promise<?> promise) {
      this.timeoutMs = timeoutMs;
      this.deadlineNanos = System.nanoTime() + timeoutMs * 1_000_000;
      this.promise = promise;
    }
  }

  /**
   * @param commandTimeout how long a reply may take before the command fails and the connection is replaced
   * @param onConnect      run on every new connection before it is used (e.g. loading a script); its
   *                       failure fails the connection attempt
   */
  RedisLink(Vertx vertx, Redis client, Duration connectTimeout, Duration commandTimeout, String name,
            Function<RedisConnection, Future<?>> onConnect, RedisHealth health) {
    this.vertx = vertx;
    this.client = client;
    this.connectTimeout = connectTimeout;
    this.commandTimeoutMs = commandTimeout.toMillis();
    this.sweepMs = Math.max(5, commandTimeoutMs / 10);
    this.name = name;
    this.onConnect = onConnect;
    this.health = health;
  }

  /** A link of its own (tests): command timeout 2 s, health reported nowhere else. */
  public RedisLink(Vertx vertx, Redis client, Duration connectTimeout, String name) {
    this(vertx, client, connectTimeout, Duration.ofSeconds(2), name, c -> Future.succeededFuture(),
        new RedisHealth(name));
  }

  public String name() {
    return name;
  }

  /** Sends a command; it fails once the command timeout passes without a reply. */
  public Future<Response> send(Request request) {
    return bounded(c -> c.send(request), commandTimeoutMs, isWrite(request));
  }

  /**
   * Sends a blocking command (XREAD BLOCK): its deadline is {@code blockMs} plus the command
   * timeout, since Redis holds the reply that long by design.
   */
  public Future<Response> sendBlocking(Request request, long blockMs) {
    return bounded(c -> c.send(request), blockMs + commandTimeoutMs, false);
  }

  /** Sends commands together (pipelined, replies in order); fails as a whole past the command timeout. */
  public Future<List<Response>> batch(List<Request> requests) {
    return bounded(c -> c.batch(requests), commandTimeoutMs, false);
  }

  /** True while a connection is established (it may still turn out to be dead). */
  public boolean isConnected() {
    return connection != null;
  }

  /** Drops the current connection (a caller decided it is dead); it is replaced at once. */
  public void reset() {
    RedisConnection c = connection;
    connection = null;
    if (c != null) {
      discard(c);
    }
    reconnectSoon();
  }

  public Future<Void> close() {
    closed = true;
    if (idleTimer >= 0) {
      vertx.cancelTimer(idleTimer);
    }
    RedisConnection c = connection;
    connection = null;
    if (c != null) {
      discard(c);
    }
    health.forget(this);
    return Future.succeededFuture();
  }

  private <T> Future<T> bounded(Function<RedisConnection, Future<T>> call, long timeoutMs, boolean write) {
    Promise<T> promise = Promise.promise();
    InFlight entry = new InFlight(timeoutMs, promise);
    lastSendNanos = entry.deadlineNanos - timeoutMs * 1_000_000;
    inFlight.add(entry);
    scheduleSweep();
    RedisConnection c = connection;
    if (c != null) {
      entry.connection = c;
      call.apply(c).onComplete(ar -> settle(entry, promise, ar.succeeded(), ar.result(), ar.cause(), write));
    } else {
      connection().onComplete(cr -> {
        if (cr.failed()) {
          settle(entry, promise, false, null, cr.cause(), write);
          return;
        }
        entry.connection = cr.result();
        call.apply(cr.result()).onComplete(ar -> settle(entry, promise, ar.succeeded(), ar.result(), ar.cause(), write));
      });
    }
    return promise.future();
  }

  private <T> void settle(InFlight entry, Promise<T> promise, boolean succeeded, T result, Throwable cause,
                          boolean write) {
    entry.done = true;
    InFlight head;
    while ((head = inFlight.peek()) != null && head.done) {
      inFlight.poll();
    }
    if (succeeded) {
      if (promise.tryComplete(result)) {
        healed();
        if (write) {
          health.wrote();
        }
      }
      return;
    }
    if (!promise.tryFail(cause)) {
      return; // it had passed its deadline already
    }
    if (cause instanceof ErrorType) {
      healed(); // Redis answered (with an error): the connection works
    }
    health.failed(cause);
  }

  /** Whether a command changes data, so that its success proves Redis accepts writes. */
  private static boolean isWrite(Request request) {
    Command command = request.command();
    return command == Command.EVALSHA || command == Command.EVAL || command == Command.SET || command == Command.XADD;
  }

  private void scheduleSweep() {
    if (!sweepScheduled) {
      sweepScheduled = true;
      vertx.setTimer(sweepMs, t -> sweep());
    }
  }

  /** Fails the commands past their deadline and replaces the connection they are stuck on. */
  private void sweep() {
    sweepScheduled = false;
    long now = System.nanoTime();
    RedisConnection stuck = null;
    long timeoutMs = 0;
    for (Iterator<InFlight> it = inFlight.iterator(); it.hasNext(); ) {
      InFlight entry = it.next();
      if (entry.done) {
        it.remove();
      } else if (now - entry.deadlineNanos >= 0) {
        it.remove();
        entry.done = true;
        entry.promise.tryFail(new RedisUnavailable(name + ": Redis did not answer within " + entry.timeoutMs + " ms"));
        if (entry.connection != null && entry.connection == connection) {
          stuck = entry.connection;
          timeoutMs = entry.timeoutMs;
        }
      }
    }
    if (stuck != null) {
      trouble("no reply within " + timeoutMs + " ms, connection replaced");
      reset();
    }
    if (!inFlight.isEmpty()) {
      scheduleSweep();
    }
  }

  /**
   * Closes the sockets themselves (a cluster connection's too, one per node): a pooled connection's
   * close() only returns it to the pool, where a command stuck on it (a blocking read, a paused
   * server) would hold up the next borrower.
   */
  private static void discard(RedisConnection c) {
    for (PooledRedisConnection node : NodeConnections.of(c)) {
      node.actual().forceClose();
    }
    c.close();
  }

  /** Connects again as soon as the backoff allows, without waiting for a command to need it. */
  private void reconnectSoon() {
    if (closed || reconnectScheduled || connection != null || connecting != null) {
      return;
    }
    reconnectScheduled = true;
    long delayMs = Math.max(1, (nextAttemptNanos - System.nanoTime()) / 1_000_000);
    vertx.setTimer(delayMs, t -> {
      reconnectScheduled = false;
      if (closed || connection != null || connecting != null) {
        return;
      }
      connection().onFailure(e -> reconnectSoon());
    });
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
    // The client's handshake (HELLO) has no deadline of its own: a peer that accepts and stays
    // silent holds it until the sockets' read-idle timeout closes it.
    long timer = vertx.setTimer(connectTimeout.toMillis(), t -> promise.tryFail(new RedisUnavailable(name
        + ": no connection, or no answer to the handshake, within " + connectTimeout.toMillis() + " ms")));
    client.connect()
        .compose(conn -> {
          conn.exceptionHandler(e -> { }); // until adopted, failures surface through this chain
          return onConnect.apply(conn).map(conn).onFailure(e -> discard(conn));
        })
        .onComplete(ar -> {
          vertx.cancelTimer(timer);
          if (ar.succeeded() && !promise.tryComplete(ar.result())) {
            // It came after the attempt had timed out: use it if nothing else is on the way.
            if (!closed && connection == null && connecting == null) {
              adopt(ar.result());
            } else {
              discard(ar.result());
            }
          } else if (ar.failed()) {
            promise.tryFail(new RedisUnavailable(name + ": " + describe(ar.cause())));
          }
        });
    return connecting.andThen(ar -> {
      connecting = null;
      if (ar.succeeded()) {
        adopt(ar.result());
      } else {
        trouble(ar.cause().getMessage());
        nextAttemptNanos = System.nanoTime() + backoffMs * 1_000_000;
        backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
      }
    });
  }

  /** A connection failure in words an operator can act on. */
  private static String describe(Throwable cause) {
    String message = String.valueOf(cause.getMessage());
    if (message.startsWith("ILLEGAL_STATE Unknown RESP type")) {
      // The handshake's reply did not parse as RESP: an HTTP server, a TLS port, something else.
      return "the peer does not speak the Redis protocol (" + message + "); check redis.url (GATEWAY_REDIS_URL)";
    }
    return message;
  }

  private void adopt(RedisConnection conn) {
    if (closed) {
      discard(conn);
      return;
    }
    backoffMs = MIN_BACKOFF_MS;
    nextAttemptNanos = 0;
    connection = conn;
    healed();
    if (idleTimer < 0) {
      idleTimer = vertx.setPeriodic(commandTimeoutMs, t -> pingIfIdle());
    }
    FlushCoalescing.install(conn);
    conn.exceptionHandler(e -> lost(conn, e.getMessage()));
    conn.endHandler(v -> lost(conn, "connection closed by Redis"));
  }

  /**
   * A link with nothing to do PINGs once per command timeout, under the same deadline: a connection
   * that died half-open is found and replaced before a push needs it, and readiness knows.
   */
  private void pingIfIdle() {
    if (closed) {
      vertx.cancelTimer(idleTimer);
      return;
    }
    if (connection != null && inFlight.isEmpty() && System.nanoTime() - lastSendNanos >= commandTimeoutMs * 1_000_000) {
      send(Request.cmd(Command.PING));
    }
  }

  private void lost(RedisConnection conn, String why) {
    if (connection == conn) {
      connection = null;
      discard(conn);
      if (!closed) {
        trouble(why);
        reconnectSoon();
      }
    }
  }

  private void trouble(String why) {
    if (closed) {
      return;
    }
    troubled = true;
    health.troubled(this, why);
  }

  private void healed() {
    if (troubled) {
      troubled = false;
      health.healed(this);
    }
  }
}
