package docplanner.gateway.ops;

import docplanner.gateway.web.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /admin/stage-timing}: where delivered events' time went, stage by stage, since the
 * start or the last {@code DELETE /admin/stage-timing} (a benchmark resets it as its measured
 * window opens). Behind the admin token like every {@code /admin} route; 409 while
 * {@code metrics.stage-timing} is off.
 */
final class StageTimingEndpoint {

  static final String PATH = "/admin/stage-timing";

  private final StageTiming stages;

  StageTimingEndpoint(StageTiming stages) {
    this.stages = stages;
  }

  void mount(Router router) {
    router.get(PATH).handler(ctx -> {
      if (enabled(ctx)) {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(stages.snapshot().encode());
      }
    });
    router.delete(PATH).handler(ctx -> {
      if (enabled(ctx)) {
        stages.reset();
        ctx.response().setStatusCode(204).end();
      }
    });
  }

  private boolean enabled(RoutingContext ctx) {
    if (stages.on()) {
      return true;
    }
    new Problem(409, "stage-timing-off", "Stage timing is off",
        "set metrics.stage-timing: true (GATEWAY_METRICS_STAGE_TIMING) to record it").send(ctx.response());
    return false;
  }
}
