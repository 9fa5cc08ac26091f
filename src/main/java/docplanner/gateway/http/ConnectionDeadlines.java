package docplanner.gateway.http;

import docplanner.gateway.config.ServerLimits;
import docplanner.gateway.web.Problem;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;

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
 *   <li>after an answer, the next request's headers must arrive within {@code idle-timeout}.</li>
 * </ul>
 * A deadline is a map entry checked by one periodic sweep, not a timer per request: arming and
 * clearing one on every push costs a map update. Expiry is up to a sweep late (a quarter of the
 * shortest timeout, at most a second). Confined to the instance's event loop (its connections'
 * handlers and the sweep all run there).
 */
final class ConnectionDeadlines {

  private record Deadline(long atNanos, Runnable onExpiry) {
  }

  private final long headerNanos;
  private final long requestNanos;
  private final long keepAliveNanos;
  private final Map<HttpConnection, Deadline> deadlines = new IdentityHashMap<>();

  /** Call on the server instance's event loop (its verticle's start): the sweep runs there. */
  ConnectionDeadlines(Vertx vertx, ServerLimits limits) {
    this.headerNanos = limits.headerTimeout().toNanos();
    this.requestNanos = limits.requestTimeout().toNanos();
    this.keepAliveNanos = limits.idleTimeout().toNanos();
    long shortest = Math.min(limits.headerTimeout().toMillis(), limits.requestTimeout().toMillis());
    vertx.setPeriodic(Math.max(50, Math.min(1_000, shortest / 4)), id -> sweep(System.nanoTime()));
  }

  void opened(HttpConnection connection) {
    arm(connection, headerNanos, connection::close);
  }

  void closed(HttpConnection connection) {
    deadlines.remove(connection);
  }

  /** The headers of {@code request} arrived: now the whole request has {@code request-timeout}. */
  void requestArrived(HttpServerRequest request) {
    HttpConnection connection = request.connection();
    if (request.getHeader("Upgrade") != null) {
      // A WebSocket handshake has no body to wait for, and the connection is the socket's after it.
      deadlines.remove(connection);
      return;
    }
    arm(connection, requestNanos, () -> {
      if (!request.isEnded()) {
        ErrorAnswers.sendThenClose(request, new Problem(408, "request-timeout", "Request not received in time",
            "the request did not arrive whole within the server's request timeout"));
      }
    });
    request.response().endHandler(v -> arm(connection, keepAliveNanos, connection::close));
  }

  private void arm(HttpConnection connection, long inNanos, Runnable onExpiry) {
    deadlines.put(connection, new Deadline(System.nanoTime() + inNanos, onExpiry));
  }

  private void sweep(long now) {
    List<Runnable> expired = new ArrayList<>();
    deadlines.values().removeIf(d -> {
      if (now - d.atNanos() >= 0) {
        expired.add(d.onExpiry());
        return true;
      }
      return false;
    });
    expired.forEach(Runnable::run);
  }
}
