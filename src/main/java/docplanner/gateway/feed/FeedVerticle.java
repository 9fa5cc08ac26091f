package docplanner.gateway.feed;

import docplanner.gateway.config.FeedSettings;
import docplanner.gateway.config.StreamSettings;
import docplanner.gateway.feed.group.AckRoutes;
import docplanner.gateway.feed.group.GroupAdminRoutes;
import docplanner.gateway.feed.group.GroupFeed;
import docplanner.gateway.feed.group.Groups;
import docplanner.gateway.http.HardenedServer;
import docplanner.gateway.store.RedisLink;
import docplanner.gateway.store.RedisLinks;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One feed instance: a subscriber hub fed by a {@link StreamTail} of its own, and an HTTP server
 * (instances share the port). Serves {@code GET /events} (SSE) and {@code GET /events/ws} (WebSocket), in
 * broadcast or consumer-group mode ({@link GroupFeed}), the groups' acknowledgement and admin routes, plus
 * the routes the caller mounts (health, metrics, admin).
 */
public final class FeedVerticle extends VerticleBase {

  /** Largest WebSocket frame we send in one piece (clients commonly accept 64 KiB frames). */
  static final int MAX_WS_FRAME = 65_536;

  private final FeedSettings feed;
  private final StreamSettings stream;
  private final RedisLinks redis;
  private final FeedStats stats;
  private final Duration gracePeriod;
  private final Consumer<Router> extraRoutes;
  private final HardenedServer port;
  private final Groups groups;

  private RedisLink commands;
  private StreamTail tail;
  private FeedHub hub;
  private GroupFeed groupFeed;
  private HttpServer server;

  public FeedVerticle(FeedSettings feed, StreamSettings stream, RedisLinks redis,
                      FeedStats stats, Duration gracePeriod, Consumer<Router> extraRoutes, HardenedServer port,
                      Groups groups) {
    this.groups = groups;
    this.feed = feed;
    this.stream = stream;
    this.redis = redis;
    this.stats = stats;
    this.gracePeriod = gracePeriod;
    this.extraRoutes = extraRoutes;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    commands = redis.open("feed");
    // Created here, so it runs on this instance's event loop: Redis wakes the loop that writes to
    // the subscribers, with no hand-over, and each loop writes only its own share of them.
    tail = new StreamTail(vertx, redis, stream.key(), feed.readBatch(), feed.mailboxLimit(), stats);
    tail.start();
    hub = new FeedHub(new StreamReader(commands, stream.key()), feed.replayBatch(), feed.maxBuffer(), stats, tail);
    groupFeed = new GroupFeed(vertx, commands, groups, hub);
    hub.onNewEntries(groupFeed::newEntries);
    tail.register(hub);
    long heartbeatMs = feed.heartbeat().toMillis();
    vertx.setPeriodic(heartbeatMs, t -> {
      hub.heartbeat(TimeUnit.MILLISECONDS.toNanos(heartbeatMs / 2));
      groupFeed.heartbeat(TimeUnit.MILLISECONDS.toNanos(heartbeatMs / 2));
    });

    Router router = Router.router(vertx);
    SseEndpoint sse = new SseEndpoint(hub, groupFeed, feed);
    WebSocketEndpoint webSocket = new WebSocketEndpoint(hub, groupFeed, feed, MAX_WS_FRAME);
    router.get("/events").handler(ctx -> sse.handle(ctx.request()));
    router.get("/events/ws").handler(ctx -> webSocket.handle(ctx.request()));
    AckRoutes.mount(router, groupFeed, feed.tokens());
    GroupAdminRoutes.mount(router, groupFeed);
    extraRoutes.accept(router);
    server = port.create(vertx, new HttpServerOptions()
        .setHost(feed.host())
        .setPort(feed.port())
        .setTcpNoDelay(true)
        // Every response is written on its connection's own event loop, so Vert.x can skip the
        // per-connection write queue (a 4 KiB array each: half of an idle subscriber's heap).
        .setStrictThreadMode(true)
        .setMaxWebSocketFrameSize(MAX_WS_FRAME)
        // No permessage-deflate: compressing every message once per subscriber costs far more CPU
        // than the bandwidth it saves inside a cluster, and its handler sits on every HTTP write.
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        .setRegisterWebSocketWriteHandlers(false), router);
    return server.listen();
  }

  @Override
  public Future<?> stop() {
    if (hub != null) {
      tail.unregister(hub);
      hub.closeAll();
    }
    if (groupFeed != null) {
      groupFeed.closeAll();
    }
    Future<Void> closed = server == null ? Future.succeededFuture()
        : server.shutdown(gracePeriod.toMillis(), TimeUnit.MILLISECONDS);
    return closed.eventually(() -> tail == null ? Future.succeededFuture() : tail.stop())
        .eventually(() -> commands.close());
  }
}
