package docplanner.gateway.http;

import docplanner.gateway.config.ServerLimits;
import docplanner.gateway.web.Problem;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.Http1xServerConnection;
import io.netty.util.AttributeKey;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deadlines of the connections of one server instance, which a client cannot push back by
 * trickling bytes (each byte resets an idle timeout, not these):
 * <ul>
 *   <li>a new connection must have sent a request's headers within {@code header-timeout};</li>
 *   <li>a request must have arrived whole (headers and body) within {@code request-timeout} of its
 *       headers, else 408 and the connection is closed; once it has arrived it is the handler's
 *       turn, so long-lived answers (SSE, WebSocket) are not cut;</li>
 *   <li>after an answer, the next request's headers must arrive within {@code idle-timeout};</li>
 *   <li>on a port without streams (the push port), an answer must have ended within
 *       {@code idle-timeout} of the request deadline, else the connection is closed: answers there
 *       are bounded well within that, so this only catches one that never comes (such a port has
 *       no other idle timeout: {@link HardenedServer}).</li>
 * </ul>
 * A deadline is a field of the connection's own record, checked by one periodic sweep, not a timer
 * per request: arming one on every push costs two field writes (a map update per push, keyed by
 * the connection's identity hash, was 0.3 µs of a push's CPU). The record is found through the
 * connection's channel; the map of connections is touched only when one opens or closes. Expiry is
 * up to a sweep late (a quarter of the shortest timeout, at most a second). Confined to the
 * instance's event loop (its connections' handlers and the sweep all run there).
 */
final class ConnectionDeadlines {

  private static final AttributeKey<Deadline> DEADLINE = AttributeKey.valueOf(ConnectionDeadlines.class, "deadline");

  /** One connection's deadline, armed again in place for each stage (null {@code onExpiry}: none). */
  private static final class Deadline {
    long atNanos;
    Runnable onExpiry;
  }

  private final long headerNanos;
  private final long requestNanos;
  private final long keepAliveNanos;
  private final boolean streams;
  /** Every open connection's record (the sweep's list), by connection; not looked up per request. */
  private final Map<HttpConnection, Deadline> deadlines = new IdentityHashMap<>();

  /**
   * Call on the server instance's event loop (its verticle's start): the sweep runs there.
   * {@code streams}: whether an answer can be a long-lived stream, which no deadline may cut.
   */
  ConnectionDeadlines(Vertx vertx, ServerLimits limits, boolean streams) {
    this.streams = streams;
    this.headerNanos = limits.headerTimeout().toNanos();
    this.requestNanos = limits.requestTimeout().toNanos();
    this.keepAliveNanos = limits.idleTimeout().toNanos();
    long shortest = Math.min(limits.headerTimeout().toMillis(), limits.requestTimeout().toMillis());
    vertx.setPeriodic(Math.max(50, Math.min(1_000, shortest / 4)), id -> sweep(System.nanoTime()));
  }

  void opened(HttpConnection connection) {
    Deadline deadline = new Deadline();
    deadlines.put(connection, deadline);
    if (connection instanceof Http1xServerConnection http1) {
      http1.channelHandlerContext().channel().attr(DEADLINE).set(deadline);
    }
    arm(deadline, headerNanos, connection::close);
  }

  void closed(HttpConnection connection) {
    Deadline deadline = deadlines.remove(connection);
    if (deadline != null) {
      deadline.onExpiry = null;
    }
  }

  /** The headers of {@code request} arrived: now the whole request has {@code request-timeout}. */
  void requestArrived(HttpServerRequest request) {
    HttpConnection connection = request.connection();
    Deadline deadline = deadlineOf(connection);
    if (deadline == null) {
      return; // closed already
    }
    // Only a GET can be a WebSocket handshake (RFC 6455 §4.1): a push does not look the header up.
    if (request.method() == HttpMethod.GET && request.getHeader(HttpHeaders.UPGRADE) != null) {
      // A WebSocket handshake has no body to wait for, and the connection is the socket's after it.
      deadline.onExpiry = null;
      return;
    }
    arm(deadline, requestNanos, () -> {
      if (!request.isEnded()) {
        ErrorAnswers.sendThenClose(request, new Problem(408, "request-timeout", "Request not received in time",
            "the request did not arrive whole within the server's request timeout"));
      } else if (!streams && !request.response().ended()) {
        arm(deadline, keepAliveNanos, connection::close);
      }
    });
    request.response().endHandler(v -> arm(deadline, keepAliveNanos, connection::close));
  }

  private Deadline deadlineOf(HttpConnection connection) {
    if (connection instanceof Http1xServerConnection http1) {
      return http1.channelHandlerContext().channel().attr(DEADLINE).get();
    }
    return deadlines.get(connection);
  }

  private static void arm(Deadline deadline, long inNanos, Runnable onExpiry) {
    deadline.atNanos = System.nanoTime() + inNanos;
    deadline.onExpiry = onExpiry;
  }

  private void sweep(long now) {
    List<Runnable> expired = new ArrayList<>();
    for (Deadline deadline : deadlines.values()) {
      if (deadline.onExpiry != null && now - deadline.atNanos >= 0) {
        expired.add(deadline.onExpiry);
        deadline.onExpiry = null;
      }
    }
    expired.forEach(Runnable::run);
  }
}
