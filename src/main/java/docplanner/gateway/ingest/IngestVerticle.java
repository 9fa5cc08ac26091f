package docplanner.gateway.ingest;

import docplanner.gateway.config.ApprovalSettings;
import docplanner.gateway.config.PushSettings;
import docplanner.gateway.config.StreamSettings;
import docplanner.gateway.http.HardenedServer;
import docplanner.gateway.store.EventStore;
import docplanner.gateway.store.RedisLink;
import docplanner.gateway.store.RedisLinks;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The push server on one event loop: wires a {@link PushHandler} to its own pipelined Redis
 * connection and HTTP server (instances share the port). Stopping it stops accepting pushes and
 * lets the ones in flight finish, up to the grace period.
 */
public final class IngestVerticle extends VerticleBase {

  /** The name of the push path's links: readiness follows their health. */
  public static final String PUSH_LINK = "push";

  private final PushSettings push;
  private final StreamSettings stream;
  private final ApprovalSettings approval;
  private final RedisLinks redis;
  private final IngestStats stats;
  private final Duration gracePeriod;
  private final Supplier<Handler<HttpServerRequest>> otherPaths;
  private final HardenedServer port;
  private final PushRateLimit rateLimit;

  private RedisLink link;
  private HttpServer server;

  public IngestVerticle(PushSettings push, StreamSettings stream, ApprovalSettings approval, RedisLinks redis,
                        IngestStats stats, Duration gracePeriod,
                        Supplier<Handler<HttpServerRequest>> otherPaths, HardenedServer port,
                        PushRateLimit rateLimit) {
    this.push = push;
    this.stream = stream;
    this.approval = approval;
    this.redis = redis;
    this.stats = stats;
    this.gracePeriod = gracePeriod;
    this.otherPaths = otherPaths;
    this.port = port;
    this.rateLimit = rateLimit;
  }

  @Override
  public Future<?> start() {
    link = redis.open(PUSH_LINK, EventStore::prepare);
    WebClient approver = Approvals.delegates(approval)
        ? WebClient.create(vertx, new WebClientOptions().setKeepAlive(true))
        : null;
    PushHandler handler = new PushHandler(vertx, push, new NotificationParser(), new Approvals(approval, approver),
        new EventStore(link, stream, redis.replicaAcks()), stats, approval.denyStatus(), otherPaths.get(),
        rateLimit);
    server = port.create(vertx, new HttpServerOptions()
        .setHost(push.host())
        .setPort(push.port())
        .setTcpNoDelay(true)
        // The push port serves no WebSocket: without these, Vert.x puts a WebSocket extension
        // handler in every connection's pipeline, which every read and write of a push goes through.
        .setPerFrameWebSocketCompressionSupported(false)
        .setPerMessageWebSocketCompressionSupported(false)
        // Every response is written on its connection's own event loop, so Vert.x can skip the
        // per-connection write queue (a 4 KiB array each: half of an idle subscriber's heap).
        .setStrictThreadMode(true), handler);
    // Connect before listening, so the first push does not pay for the handshake; a Redis that is
    // down now is not fatal: pushes get 503 until it is back.
    return link.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.PING))
        .recover(e -> Future.succeededFuture())
        .compose(v -> server.listen());
  }

  @Override
  public Future<?> stop() {
    Future<Void> drained = server == null ? Future.succeededFuture()
        : server.shutdown(gracePeriod.toMillis(), TimeUnit.MILLISECONDS);
    return drained.eventually(() -> link == null ? Future.succeededFuture() : link.close());
  }
}
