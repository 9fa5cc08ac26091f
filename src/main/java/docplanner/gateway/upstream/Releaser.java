package docplanner.gateway.upstream;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * Calls release on a schedule ({@code interval} +-10%, none when zero) and on demand, never more than Docplanner
 * allows: every attempt first claims the {@link ReleaseSlot} in Redis, so across all replicas one
 * call at a time and none within an hour of the last. Docplanner's answers: 204 → done, next in an
 * interval; 429 → recorded for every replica, next after its Retry-After; 403 → a configuration
 * error, logged once, no call ever again from this replica; network errors and 5xx → retried with
 * backoff. An on-demand attempt while one runs shares its outcome. Owned by one event loop.
 */
final class Releaser {

  private static final Logger LOG = LoggerFactory.getLogger(Releaser.class);

  private static final Duration AFTER_REFUSAL = Duration.ofMillis(250);

  private final Vertx vertx;
  private final UpstreamClient client;
  private final ReleaseSlot slot;
  private final Duration interval;
  private final Backoff backoff;
  private final UpstreamStatus status;
  private final UpstreamStats stats;
  private final Clock clock;
  private final RandomGenerator random;

  private Future<ReleaseOutcome> attempting;
  private String forbidden;
  private long timer = -1;
  private Instant plannedAt;
  private boolean stopped;
  private final ProblemLog problems = new ProblemLog(LOG, "release");

  Releaser(Vertx vertx, UpstreamClient client, ReleaseSlot slot, Duration interval, Backoff backoff,
           UpstreamStatus status, UpstreamStats stats, Clock clock, RandomGenerator random) {
    this.vertx = vertx;
    this.client = client;
    this.slot = slot;
    this.interval = interval;
    this.backoff = backoff;
    this.status = status;
    this.stats = stats;
    this.clock = clock;
    this.random = random;
  }

  /**
   * The first scheduled attempt comes soon (failures may have piled up while no gateway ran), spread
   * over replicas. With a zero interval nothing is scheduled: releases happen on demand.
   */
  void start() {
    if (interval.isZero()) {
      return;
    }
    long spread = Math.min(interval.toMillis() / 10, Duration.ofMinutes(1).toMillis());
    schedule(Duration.ofMillis(spread <= 0 ? 0 : random.nextLong(spread + 1)));
  }

  /** An attempt now (the admin endpoint); the schedule continues from its outcome. */
  Future<ReleaseOutcome> releaseNow() {
    return attempt();
  }

  /** Stops scheduling and waits for a call in flight (its outcome is recorded in Redis). */
  Future<Void> stop(Duration grace) {
    stopped = true;
    vertx.cancelTimer(timer);
    Future<ReleaseOutcome> inFlight = attempting;
    return inFlight == null ? Future.succeededFuture()
        : inFlight.timeout(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).<Void>mapEmpty()
        .recover(e -> Future.succeededFuture());
  }

  private Future<ReleaseOutcome> attempt() {
    if (forbidden != null) {
      return Future.succeededFuture(new ReleaseOutcome(ReleaseOutcome.Kind.FORBIDDEN, null, forbidden));
    }
    if (attempting != null) {
      return attempting;
    }
    Future<ReleaseOutcome> outcome = slot.claim().compose(this::claimed, error -> {
      String message = "cannot reach Redis to check the hourly release limit, so release was not called: "
          + error.getMessage();
      problem("redis", "redis", message);
      return Future.succeededFuture(new ReleaseOutcome(ReleaseOutcome.Kind.FAILED, backoff.next(), message));
    });
    attempting = outcome;
    outcome.onComplete(ar -> {
      attempting = null;
      reschedule(ar.succeeded() ? ar.result()
          : new ReleaseOutcome(ReleaseOutcome.Kind.FAILED, backoff.next(), String.valueOf(ar.cause())));
    });
    return outcome;
  }

  private Future<ReleaseOutcome> claimed(ReleaseSlot.Claim claim) {
    if (claim instanceof ReleaseSlot.Claimed claimed) {
      return call(claimed.attempt());
    }
    if (claim instanceof ReleaseSlot.TooSoon tooSoon) {
      stats.releaseSkipped("too-soon");
      // Answered to whoever calls /admin/release: no replica (host) names; /health/ready keeps them.
      status.updateRelease(s -> s.seen(tooSoon.lastReleasedBy()));
      return Future.succeededFuture(new ReleaseOutcome(ReleaseOutcome.Kind.TOO_SOON, tooSoon.retryAfter(),
          "the last release was less than an hour ago; Docplanner allows one per hour"));
    }
    ReleaseSlot.Busy busy = (ReleaseSlot.Busy) claim;
    stats.releaseSkipped("busy");
    return Future.succeededFuture(new ReleaseOutcome(ReleaseOutcome.Kind.BUSY, busy.retryAfter(),
        "another replica is calling release right now"));
  }

  private Future<ReleaseOutcome> call(String attempt) {
    Instant at = clock.instant();
    return client.release().transform(ar -> {
      if (ar.succeeded()) {
        stats.release("released");
        backoff.reset();
        recovered();
        String releasedBy = slot.holder() + "@" + at;
        status.updateRelease(s -> s.succeeded(at, releasedBy));
        LOG.info("release accepted by Docplanner: the pushes that failed are being delivered again");
        return slot.released(attempt, at)
            .onFailure(e -> LOG.warn("release done, but Redis did not record it: another replica may call it again"
                + " and get 429 ({})", e.getMessage()))
            .transform(x -> Future.succeededFuture(new ReleaseOutcome(ReleaseOutcome.Kind.RELEASED, null,
                "Docplanner accepted the release at " + at)));
      }
      UpstreamFailure failure = UpstreamFailure.of(ar.cause(), "POST /notifications/release");
      stats.release(failure.kind().label());
      switch (failure.kind()) {
        case RATE_LIMITED -> {
          // Someone released within the hour after all (a call we could not record, another system with
          // these credentials): not an error, the next attempt simply waits.
          Duration wait = failure.retryAfter() != null ? failure.retryAfter() : backoff.next();
          LOG.info("release: {}; next attempt in {}s", failure.getMessage(), wait.toSeconds());
          status.updateRelease(s -> s.seen("unknown (Docplanner answered 429)"));
          return slot.refused(attempt, at, wait).transform(x -> Future.succeededFuture(
              new ReleaseOutcome(ReleaseOutcome.Kind.RATE_LIMITED, wait, failure.getMessage())));
        }
        case FORBIDDEN -> {
          forbidden = failure.getMessage() + ": this Docplanner API client is not on the push model, or release is not"
              + " enabled for it. Release stays off on this replica; set upstream.release.enabled to false, or ask"
              + " Docplanner to enable push for the client";
          LOG.error("release: {}", forbidden);
          status.updateRelease(s -> s.disable(forbidden, at));
          return slot.abandon(attempt).transform(x -> Future.succeededFuture(
              new ReleaseOutcome(ReleaseOutcome.Kind.FORBIDDEN, null, forbidden)));
        }
        default -> {
          problem(failure.kind().label(), failure.kind().label() + failure.status(), failure.getMessage());
          Duration wait = backoff.after(failure);
          return slot.abandon(attempt).transform(x -> Future.succeededFuture(
              new ReleaseOutcome(ReleaseOutcome.Kind.FAILED, wait, failure.getMessage())));
        }
      }
    });
  }

  /**
   * After any attempt, the plan from its outcome: released → the next interval; forbidden → nothing
   * ever again; refused or failed → a retry; too soon or busy → the next interval. A plan that is
   * already earlier stays (an on-demand attempt answered "too soon" must not push back the retry of
   * a refused release).
   */
  private void reschedule(ReleaseOutcome outcome) {
    if (stopped) {
      return;
    }
    Duration next;
    switch (outcome.kind()) {
      case FORBIDDEN -> {
        cancel();
        return;
      }
      case RELEASED -> {
        cancel();
        if (!interval.isZero()) {
          schedule(jittered(interval));
        }
        return;
      }
      // A little after the Retry-After, so that the refusal recorded in Redis has expired when this claims the slot.
      case RATE_LIMITED -> next = outcome.retryAfter().plus(AFTER_REFUSAL).plus(backoff.jitterFor(outcome.retryAfter()));
      case FAILED -> next = outcome.retryAfter();
      default -> next = interval.isZero() ? null : max(outcome.retryAfter(), jittered(interval));
    }
    if (next == null || timer != -1 && plannedAt != null && !clock.instant().plus(next).isBefore(plannedAt)) {
      return;
    }
    cancel();
    schedule(next);
  }

  private void cancel() {
    vertx.cancelTimer(timer);
    timer = -1;
    plannedAt = null;
    status.updateRelease(s -> s.next(null));
  }

  private void schedule(Duration delay) {
    Instant when = clock.instant().plus(delay);
    plannedAt = when;
    status.updateRelease(s -> s.next(when));
    timer = vertx.setTimer(Math.max(1, delay.toMillis()), t -> {
      timer = -1;
      plannedAt = null;
      if (!stopped) {
        attempt();
      }
    });
  }

  /** {@code base} +-10%. */
  private Duration jittered(Duration base) {
    long tenth = base.toMillis() / 10;
    return tenth <= 0 ? base : base.plusMillis(random.nextLong(-tenth, tenth + 1));
  }

  private static Duration max(Duration a, Duration b) {
    return a == null || b.compareTo(a) > 0 ? b : a;
  }

  private void problem(String kind, String key, String message) {
    status.updateRelease(s -> s.failed(kind, message, clock.instant()));
    problems.report(kind, key, message);
  }

  private void recovered() {
    problems.recovered();
  }
}
