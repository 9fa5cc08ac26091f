package docplanner.gateway.ops;

import docplanner.gateway.health.RedisProbe;
import docplanner.gateway.health.StreamWatch;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /metrics}: the Prometheus text exposition of the process's registry (Vert.x HTTP and
 * pool metrics, JVM, and the gateway's own). The stream gauges read a snapshot refreshed here at
 * most about once a second; rendering the text runs off the event loop.
 */
public final class MetricsEndpoint implements Handler<RoutingContext> {

  public static final String PATH = "/metrics";
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;
  private final StreamWatch stream;
  private final RedisProbe probe;

  public MetricsEndpoint(Vertx vertx, PrometheusMeterRegistry registry, StreamWatch stream, RedisProbe probe) {
    this.vertx = vertx;
    this.registry = registry;
    this.stream = stream;
    this.probe = probe;
  }

  @Override
  public void handle(RoutingContext ctx) {
    // A Redis that does not answer leaves the previous snapshot in the gauges; the scrape still succeeds.
    stream.current(probe)
        .transform(ignored -> vertx.executeBlocking(registry::scrape, false))
        .onSuccess(text -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE).end(text))
        .onFailure(ctx::fail);
  }
}
