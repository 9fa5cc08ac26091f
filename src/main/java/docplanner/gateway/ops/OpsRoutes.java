package docplanner.gateway.ops;

import docplanner.gateway.health.HealthEndpoints;
import docplanner.gateway.health.HealthSources;
import docplanner.gateway.health.RedisProbe;
import docplanner.gateway.http.ErrorAnswers;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import docplanner.gateway.store.RedisLinks;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The operational routes of every server instance: health on both ports, {@code /metrics} and
 * {@code /admin/stage-timing} on the feed port. Each server instance gets its own {@link RedisProbe}
 * (its own Redis connection, on its own event loop); they are closed with the process.
 */
public final class OpsRoutes {

  private final Vertx vertx;
  private final RedisLinks redis;
  private final HealthSources sources;
  private final PrometheusMeterRegistry registry;
  private final StageTimingEndpoint stageTiming;
  private final List<RedisProbe> probes = new CopyOnWriteArrayList<>();

  public OpsRoutes(Vertx vertx, RedisLinks redis, HealthSources sources,
                   PrometheusMeterRegistry registry, StageTiming stages) {
    this.vertx = vertx;
    this.stageTiming = new StageTimingEndpoint(stages);
    this.redis = redis;
    this.sources = sources;
    this.registry = registry;
  }

  /** Mounts health and metrics on a feed instance's router (called as that instance starts). */
  public void mountOnFeed(Router router) {
    RedisProbe probe = newProbe();
    new HealthEndpoints(vertx, probe, sources).mount(router);
    router.get(MetricsEndpoint.PATH).handler(new MetricsEndpoint(vertx, registry, sources.stream(), probe));
    stageTiming.mount(router);
  }

  /** What a push instance serves for every path but the push endpoint: health, else {@code notFound}. */
  public Handler<HttpServerRequest> pushPortRoutes(Handler<HttpServerRequest> notFound) {
    Router router = Router.router(vertx);
    ErrorAnswers.install(router);
    new HealthEndpoints(vertx, newProbe(), sources).mount(router);
    router.route().last().handler(ctx -> notFound.handle(ctx.request()));
    return router;
  }

  private RedisProbe newProbe() {
    RedisProbe probe = new RedisProbe(redis);
    probes.add(probe);
    return probe;
  }

  /** Drops the probes' connections (after the servers have stopped). */
  public Future<Void> close() {
    List<Future<Void>> closing = probes.stream().map(RedisProbe::close).toList();
    probes.clear();
    return Future.all(closing).mapEmpty();
  }
}
