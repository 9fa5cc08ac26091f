package docplanner.gateway.upstream;

import docplanner.gateway.web.Problem;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;

/**
 * {@code POST /admin/release} on the feed port: asks this gateway's release verticle for an attempt
 * now and answers with its outcome. Too soon (by any replica's last release) is a 429 with
 * {@code Retry-After}, decided in Redis without calling Docplanner. Behind the admin token
 * ({@link docplanner.gateway.http.AdminAccess}, mounted on {@code /admin/*}).
 *
 * <ul>
 *   <li>202 {@code {"outcome":"released",...}}: Docplanner answered 204</li>
 *   <li>429 + Retry-After: too soon, or Docplanner answered 429</li>
 *   <li>409 + Retry-After: another replica is calling release right now</li>
 *   <li>409 release-forbidden: Docplanner answered 403 (not a push-model client)</li>
 *   <li>502: Docplanner or Redis failed; the release verticle retries on its own</li>
 *   <li>404 when {@code upstream.release.enabled} is false; 503 while the verticle is not running</li>
 * </ul>
 */
public final class ReleaseRoute implements Handler<RoutingContext> {

  public static final String PATH = "/admin/release";

  private final boolean enabled;
  private final long timeoutMs;

  private ReleaseRoute(boolean enabled, Duration timeout) {
    this.enabled = enabled;
    this.timeoutMs = timeout.toMillis();
  }

  /** @param timeout how long to wait for the attempt (a token request and the call) */
  public static void mount(Router router, boolean enabled, Duration timeout) {
    router.post(PATH).handler(new ReleaseRoute(enabled, timeout));
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    if (!enabled) {
      new Problem(404, "release-not-enabled", "Release is not enabled", "set upstream.release.enabled"
          + " (GATEWAY_UPSTREAM_RELEASE_ENABLED) to true to call Docplanner's release").send(response);
      return;
    }
    ctx.vertx().eventBus().<JsonObject>request(ReleaseVerticle.ADDRESS, null, new DeliveryOptions().setSendTimeout(timeoutMs))
        .onSuccess(reply -> answer(response, ReleaseOutcome.fromJson(reply.body())))
        .onFailure(error -> {
          if (error instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS) {
            new Problem(503, "release-not-running", "Release is not running",
                "the release verticle is not deployed (yet, or any more)").send(response);
          } else {
            new Problem(504, "release-timeout", "No outcome in time",
                "the release attempt did not finish in time; it goes on in the background").send(response);
          }
        });
  }

  private static void answer(HttpServerResponse response, ReleaseOutcome outcome) {
    String detail = outcome.detail() == null ? "" : outcome.detail();
    switch (outcome.kind()) {
      case RELEASED -> response.setStatusCode(202).putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("outcome", outcome.kind().wire()).put("detail", detail).encode());
      case TOO_SOON -> retryLater(response, outcome, 429, "release-too-soon", "Released less than an hour ago", detail);
      case RATE_LIMITED -> retryLater(response, outcome, 429, "release-rate-limited", "Docplanner answered 429", detail);
      case BUSY -> retryLater(response, outcome, 409, "release-in-progress", "Release in progress", detail);
      case FORBIDDEN -> new Problem(409, "release-forbidden", "Docplanner refuses release (403)", detail).send(response);
      default -> retryLater(response, outcome, 502, "release-failed", "Release failed", detail);
    }
  }

  private static void retryLater(HttpServerResponse response, ReleaseOutcome outcome, int status, String type,
                                 String title, String detail) {
    if (outcome.retryAfter() != null) {
      response.putHeader("Retry-After", String.valueOf(retryAfterSeconds(outcome.retryAfter())));
    }
    new Problem(status, type, title, detail).send(response);
  }

  /** Whole seconds, rounded up (never earlier than allowed), at least 1. */
  static long retryAfterSeconds(Duration wait) {
    long ms = wait.toMillis();
    return Math.max(1, (ms + 999) / 1000);
  }
}
