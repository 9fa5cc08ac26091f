package docplanner.gateway.http;

import docplanner.gateway.config.ServerLimits;
import docplanner.gateway.web.Problem;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;

import java.util.IdentityHashMap;
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
 * Confined to the instance's event loop (its connections' handlers all run there).
 */
final class ConnectionDeadlines {

  private final Vertx vertx;
  private final long headerMs;
  private final long requestMs;
  private final long keepAliveMs;
  private final Map<HttpConnection, Long> timers = new IdentityHashMap<>();

  ConnectionDeadlines(Vertx vertx, ServerLimits limits) {
    this.vertx = vertx;
    this.headerMs = limits.headerTimeout().toMillis();
    this.requestMs = limits.requestTimeout().toMillis();
    this.keepAliveMs = limits.idleTimeout().toMillis();
  }

  void opened(HttpConnection connection) {
    arm(connection, headerMs, connection::close);
  }

  void closed(HttpConnection connection) {
    Long timer = timers.remove(connection);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }

  /** The headers of {@code request} arrived: now the whole request has {@code request-timeout}. */
  void requestArrived(HttpServerRequest request) {
    HttpConnection connection = request.connection();
    if (isUpgrade(request)) {
      // A WebSocket handshake has no body to wait for, and the connection is the socket's after it.
      closed(connection);
      return;
    }
    arm(connection, requestMs, () -> {
      if (!request.isEnded()) {
        ErrorAnswers.sendThenClose(request, new Problem(408, "request-timeout", "Request not received in time",
            "the request did not arrive whole within the server's request timeout"));
      }
    });
    request.response().endHandler(v -> arm(connection, keepAliveMs, connection::close));
  }

  private void arm(HttpConnection connection, long delayMs, Runnable onExpiry) {
    closed(connection);
    timers.put(connection, vertx.setTimer(delayMs, id -> {
      timers.remove(connection);
      onExpiry.run();
    }));
  }

  private static boolean isUpgrade(HttpServerRequest request) {
    return request.getHeader("Upgrade") != null;
  }
}
