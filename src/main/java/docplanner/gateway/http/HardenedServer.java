package docplanner.gateway.http;

import docplanner.gateway.config.ServerLimits;
import docplanner.gateway.ops.ThrottledLog;
import docplanner.gateway.web.Cidr;
import docplanner.gateway.web.LogSafe;
import docplanner.gateway.web.Problem;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.Http1xServerConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The defences every HTTP port of the gateway shares, around the port's own request handler
 * (SECURITY.md): HTTP/1.1 only (no h2c), header, request and idle deadlines, a
 * connection limit per port and per peer address, strict message framing, request-target and
 * query-string checks, {@code Expect: 100-continue} answered once the handler has not refused the
 * request, and problem+json for whatever the HTTP decoder itself refuses.
 * One per port, shared by the port's server instances.
 */
public final class HardenedServer {

  private static final Logger LOG = LoggerFactory.getLogger(HardenedServer.class);
  private static final ThrottledLog OVER_LIMIT = ThrottledLog.warn(LOG);
  private static final ThrottledLog REFUSED = ThrottledLog.info(LOG);

  private final String port;
  private final ServerLimits limits;
  private final ConnectionLimit connections;
  private final boolean streams;

  /**
   * @param port          what the port is, for log lines ("push", "feed")
   * @param trustedPeers  peers exempt from the per-address connection limit (trusted proxies)
   * @param streams       whether the port's answers can be long-lived streams (SSE, WebSocket)
   */
  public HardenedServer(String port, ServerLimits limits, List<String> trustedPeers, boolean streams) {
    this.port = port;
    this.limits = limits;
    this.streams = streams;
    this.connections = new ConnectionLimit(limits.maxConnections(), limits.maxConnectionsPerSource(),
        Cidr.parseAll(trustedPeers));
  }

  /**
   * A server of this port for the calling verticle instance, serving {@code handler} behind the
   * checks; {@code options} carries host, port and what the caller tunes itself.
   */
  public HttpServer create(Vertx vertx, HttpServerOptions options, Handler<HttpServerRequest> handler) {
    HttpServerOptions hardened = new HttpServerOptions(options)
        // Cleartext HTTP/2 is not offered: nothing of ours needs it (TLS and h2 end at the
        // ingress), and every check here is written against HTTP/1.1 framing.
        .setHttp2ClearTextEnabled(false)
        .setHandle100ContinueAutomatically(false)
        // Between requests the idle timeout is a ConnectionDeadlines deadline (armed when an answer
        // ends), and a port whose answers are small and prompt (the push port's: a store is bounded
        // by push.store-timeout) needs nothing more. A stream is idle only when nothing is written
        // to it (a subscriber that stopped reading stops its heartbeats), which only Netty's idle
        // handler sees; it costs a promise and a listener on every write, so only streams have it.
        .setIdleTimeout(streams ? (int) limits.idleTimeout().toMillis() : 0)
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    ConnectionDeadlines deadlines = new ConnectionDeadlines(vertx, limits, streams);
    HttpServer server = vertx.createHttpServer(hardened);
    server.connectionHandler(connection -> accepted(connection, hardened, deadlines));
    server.invalidRequestHandler(ErrorAnswers::invalidRequest);
    server.requestHandler(request -> {
      deadlines.requestArrived(request);
      Problem problem = RequestChecks.check(request);
      if (problem != null) {
        REFUSED.log("refused a {} request on the {} port: {}", LogSafe.text(MethodTags.label(request.method().name())),
            port, problem.type());
        ErrorAnswers.sendThenClose(request, problem);
        return;
      }
      handler.handle(request);
      // A refusal decided on the headers alone (413, 415, 403, ...) has been answered by now and
      // the body is never asked for; otherwise the client may send it.
      if (RequestChecks.expectsContinue(request) && !request.response().headWritten() && !request.response().ended()) {
        request.response().writeContinue();
      }
    });
    return server;
  }

  private void accepted(HttpConnection connection, HttpServerOptions options, ConnectionDeadlines deadlines) {
    String peer = connection.remoteAddress() == null ? null : connection.remoteAddress().hostAddress();
    if (!connections.admit(peer)) {
      OVER_LIMIT.log("closed a new connection on the {} port from {}: over {}.max-connections ({}) or"
              + " {}.max-connections-per-source ({}); {} open", port, LogSafe.text(peer), port, limits.maxConnections(),
          port, limits.maxConnectionsPerSource(), connections.open());
      connection.close();
      return;
    }
    if (connection instanceof Http1xServerConnection http1) {
      http1.channelHandlerContext().pipeline().replace(StrictRequestDecoder.NAME, StrictRequestDecoder.NAME,
          new StrictRequestDecoder(options));
    }
    deadlines.opened(connection);
    connection.closeHandler(v -> {
      deadlines.closed(connection);
      connections.closed(peer);
    });
  }
}
