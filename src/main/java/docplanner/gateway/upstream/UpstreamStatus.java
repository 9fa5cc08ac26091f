package docplanner.gateway.upstream;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * What the pull and release loops of this replica are doing, for the health checks and operators:
 * thread-safe, read from any thread, written only by the two loops. Errors are kept (with when they
 * happened) after a later success clears {@code failing}, so the last problem stays visible.
 */
public final class UpstreamStatus {

  /**
   * @param leader      this replica holds the pull lease (it is the one pulling)
   * @param leaseHolder the replica holding the lease when last looked at, or null
   * @param failing     the last pull (or store of a pulled batch) failed
   * @param errorKind   {@link UpstreamFailure.Kind#label()}, "store" for Redis, or null
   * @param pulled      notifications pulled and stored (duplicates included) by this replica
   * @param rejected    pulled notifications that failed parsing and were skipped
   * @param pending     pulled notifications not stored yet (kept in memory while Redis is away)
   */
  public record PullState(boolean enabled, boolean leader, String leaseHolder, Instant lastSuccess, boolean failing,
                          String lastError, String errorKind, Instant lastErrorAt, long pulled, long rejected,
                          int pending) {

    /** Enabled and working (a follower that is not pulling is fine). */
    public boolean ok() {
      return !enabled || !failing;
    }

    PullState succeeded(Instant at) {
      return new PullState(enabled, leader, leaseHolder, at, false, lastError, errorKind, lastErrorAt, pulled, rejected,
          pending);
    }

    PullState failed(String kind, String error, Instant at) {
      return new PullState(enabled, leader, leaseHolder, lastSuccess, true, error, kind, at, pulled, rejected, pending);
    }

    PullState lease(boolean isLeader, String holder) {
      return new PullState(enabled, isLeader, holder, lastSuccess, failing, lastError, errorKind, lastErrorAt, pulled,
          rejected, pending);
    }

    PullState counted(long morePulled, long moreRejected, int nowPending) {
      return new PullState(enabled, leader, leaseHolder, lastSuccess, failing, lastError, errorKind, lastErrorAt,
          pulled + morePulled, rejected + moreRejected, nowPending);
    }
  }

  /**
   * @param lastSuccess      when this replica's last release call was answered 204
   * @param lastReleasedBy   the replica that made the last release anywhere, and when ("replica@time"), or null
   * @param disabled         Docplanner answered 403: release is off until the configuration is fixed
   * @param nextAttempt      when this replica will try next, or null when it will not
   */
  public record ReleaseState(boolean enabled, Instant lastSuccess, String lastReleasedBy, boolean failing,
                             String lastError, String errorKind, Instant lastErrorAt, boolean disabled,
                             Instant nextAttempt) {

    /** Enabled and neither refused by Docplanner nor failing. */
    public boolean ok() {
      return !enabled || !disabled && !failing;
    }

    ReleaseState succeeded(Instant at, String releasedBy) {
      return new ReleaseState(enabled, at, releasedBy, false, lastError, errorKind, lastErrorAt, disabled, nextAttempt);
    }

    ReleaseState failed(String kind, String error, Instant at) {
      return new ReleaseState(enabled, lastSuccess, lastReleasedBy, true, error, kind, at, disabled, nextAttempt);
    }

    ReleaseState seen(String releasedBy) {
      return new ReleaseState(enabled, lastSuccess, releasedBy, failing, lastError, errorKind, lastErrorAt, disabled,
          nextAttempt);
    }

    ReleaseState disable(String error, Instant at) {
      return new ReleaseState(enabled, lastSuccess, lastReleasedBy, true, error, UpstreamFailure.Kind.FORBIDDEN.label(),
          at, true, null);
    }

    ReleaseState next(Instant when) {
      return new ReleaseState(enabled, lastSuccess, lastReleasedBy, failing, lastError, errorKind, lastErrorAt, disabled,
          when);
    }
  }

  private final String replica;
  private final AtomicReference<PullState> pull;
  private final AtomicReference<ReleaseState> release;

  public UpstreamStatus(String replica, boolean pullEnabled, boolean releaseEnabled) {
    this.replica = replica;
    this.pull = new AtomicReference<>(new PullState(pullEnabled, false, null, null, false, null, null, null, 0, 0, 0));
    this.release = new AtomicReference<>(new ReleaseState(releaseEnabled, null, null, false, null, null, null, false,
        null));
  }

  /** This replica's name in leases ({@code host-xxxxxx}). */
  public String replica() {
    return replica;
  }

  public PullState pull() {
    return pull.get();
  }

  public ReleaseState release() {
    return release.get();
  }

  void updatePull(UnaryOperator<PullState> change) {
    pull.updateAndGet(change);
  }

  void updateRelease(UnaryOperator<ReleaseState> change) {
    release.updateAndGet(change);
  }

  /** Both states as JSON (health details, diagnostics). */
  public JsonObject toJson() {
    PullState p = pull();
    ReleaseState r = release();
    return new JsonObject()
        .put("replica", replica)
        .put("pull", new JsonObject()
            .put("enabled", p.enabled())
            .put("ok", p.ok())
            .put("leader", p.leader())
            .put("lease_holder", p.leaseHolder())
            .put("last_success", text(p.lastSuccess()))
            .put("last_error", p.lastError())
            .put("error_kind", p.errorKind())
            .put("last_error_at", text(p.lastErrorAt()))
            .put("pulled", p.pulled())
            .put("rejected", p.rejected())
            .put("pending", p.pending()))
        .put("release", new JsonObject()
            .put("enabled", r.enabled())
            .put("ok", r.ok())
            .put("disabled_by_403", r.disabled())
            .put("last_success", text(r.lastSuccess()))
            .put("last_released_by", r.lastReleasedBy())
            .put("last_error", r.lastError())
            .put("error_kind", r.errorKind())
            .put("last_error_at", text(r.lastErrorAt()))
            .put("next_attempt", text(r.nextAttempt())));
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
