package docplanner.gateway.health;

import docplanner.gateway.ingest.IngestVerticle;
import docplanner.gateway.store.StreamKeys;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;

import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /health/live} and {@code GET /health/ready} of one server instance (both ports serve
 * them). Liveness asks nothing outside the process: answering at all proves the event loop turns,
 * and a Redis outage must not get every replica restarted. Readiness is UP only while the process
 * is not stopping, Redis answers a PING and accepts a write, the push path's own links are not in
 * trouble (a probe connection that works proves nothing about theirs), and the stream readers are
 * running; each check carries JSON details. Every check completes (UP or DOWN) before the handler's own timeout, so a failing
 * dependency reads 503, never 500, and nothing here blocks.
 */
public final class HealthEndpoints {

  public static final String LIVE = "/health/live";
  public static final String READY = "/health/ready";
  /** The handler's own limit per check; the Redis calls give up well before it. */
  static final long CHECK_TIMEOUT_MS = 2_000;

  private final RedisProbe probe;
  private final HealthSources sources;
  private final HealthCheckHandler live;
  private final HealthCheckHandler ready;

  public HealthEndpoints(Vertx vertx, RedisProbe probe, HealthSources sources) {
    this.probe = probe;
    this.sources = sources;
    this.live = HealthCheckHandler.create(vertx)
        .register("event-loop", CHECK_TIMEOUT_MS, promise -> promise.complete(Status.OK()));
    this.ready = HealthCheckHandler.create(vertx)
        .register("lifecycle", CHECK_TIMEOUT_MS, this::lifecycle)
        .register("redis", CHECK_TIMEOUT_MS, this::redis)
        .register("stream", CHECK_TIMEOUT_MS, this::stream);
    for (Map.Entry<String, Supplier<JsonObject>> detail : sources.details().entrySet()) {
      ready.register(detail.getKey(), CHECK_TIMEOUT_MS, promise -> promise.complete(informational(detail.getValue())));
    }
  }

  public void mount(Router router) {
    router.get(LIVE).handler(live);
    router.get(READY).handler(ready);
  }

  private void lifecycle(Promise<Status> promise) {
    boolean stopping = sources.lifecycle().stopping();
    JsonObject data = new JsonObject().put("state", stopping ? "stopping" : "running");
    promise.complete(stopping ? Status.KO(data) : Status.OK(data));
  }

  private void redis(Promise<Status> promise) {
    Future<Long> ping = probe.ping();
    Future<Void> write = probe.write(StreamKeys.of(sources.stream().key()).readinessProbe());
    Future.join(ping, write).onComplete(done -> {
      JsonObject data = new JsonObject().put("embedded", sources.embeddedRedis());
      String pushTrouble = sources.redis().trouble(IngestVerticle.PUSH_LINK);
      if (ping.failed()) {
        promise.complete(Status.KO(data.put("error", String.valueOf(ping.cause().getMessage()))));
      } else if (write.failed()) {
        promise.complete(Status.KO(data.put("error", "Redis refuses writes: " + write.cause().getMessage())));
      } else if (pushTrouble != null) {
        promise.complete(Status.KO(data.put("error", "the push path cannot store: " + pushTrouble)));
      } else {
        promise.complete(Status.OK(data.put("latency_ms", ping.result() / 1000.0)));
      }
    });
  }

  private void stream(Promise<Status> promise) {
    boolean running = sources.feed().readersHealthy();
    JsonObject data = new JsonObject().put("readers",
        !running ? "not reading" : sources.feed().readerIdle() ? "idle (no subscribers)" : "running");
    var position = sources.feed().readerPosition();
    if (position != null) {
      data.put("reader_position", position.toString());
    }
    sources.stream().current(probe).onComplete(ar -> {
      if (ar.succeeded()) {
        StreamWatch.Snapshot snapshot = ar.result();
        data.put("length", snapshot.length())
            .put("newest", snapshot.newest().toString())
            .put("lag_ms", snapshot.lagMillis(position));
      } else {
        data.put("error", "stream length unavailable: " + ar.cause().getMessage());
      }
      promise.complete(running ? Status.OK(data) : Status.KO(data));
    });
  }

  private static Status informational(Supplier<JsonObject> detail) {
    try {
      JsonObject data = detail.get();
      return data == null ? Status.OK() : Status.OK(data);
    } catch (RuntimeException e) {
      return Status.OK(new JsonObject().put("error", String.valueOf(e.getMessage())));
    }
  }
}
