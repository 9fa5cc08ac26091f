package docplanner.gateway.upstream;

import docplanner.gateway.event.Notification;
import docplanner.gateway.event.Source;
import docplanner.gateway.ingest.NotificationParser;
import docplanner.gateway.store.EventStore;
import docplanner.gateway.store.RedisLink;
import docplanner.gateway.store.Stored;
import docplanner.gateway.web.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The pull loop of one replica. Each step does one thing and says how long to wait before the
 * next: store the batch in hand, or (holding the lease) pull the next batch and store it, or try
 * for the lease. While {@code remaining > 0} the next pull follows at once;
 * on an empty queue it waits {@code interval}.
 *
 * <p>A pulled notification has left Docplanner's queue, so a pulled batch is never dropped: until
 * Redis confirmed all of it, the loop keeps it in memory and retries the store with backoff, and
 * pulls nothing else (also after losing the lease: storing is idempotent, pulling is not). A
 * notification that fails parsing is counted, logged by position (never its content: patient data)
 * and skipped. Owned by one event loop.
 */
final class Puller {

  private static final Logger LOG = LoggerFactory.getLogger(Puller.class);

  /** Notifications asked for per pull (the contract's maximum). */
  static final int BATCH = UpstreamClient.MAX_LIMIT;

  private final Vertx vertx;
  private final UpstreamClient client;
  private final Lease lease;
  private final EventStore store;
  private final RedisLink link;
  private final NotificationParser parser;
  private final UpstreamStatus status;
  private final UpstreamStats stats;
  private final Backoff pullBackoff;
  private final Backoff storeBackoff;
  private final Clock clock;
  private final Duration interval;
  private final Duration leaseRetry;
  private final long storeTimeoutMs;

  /** Pulled and not yet confirmed by Redis. */
  private record Pending(long batch, List<Notification> notifications, int remaining, Duration pause) {
  }

  private Pending pending;
  private long batches;
  private long timer = -1;
  private long renewer = -1;
  private Future<Duration> current = Future.succeededFuture();
  private boolean stopped;
  private boolean wasLeader;
  private final ProblemLog problems = new ProblemLog(LOG, "pull");

  Puller(Vertx vertx, UpstreamClient client, Lease lease, EventStore store, RedisLink link, NotificationParser parser,
         UpstreamStatus status, UpstreamStats stats, Backoff pullBackoff, Backoff storeBackoff, Clock clock,
         Duration interval, Duration leaseTtl) {
    this.vertx = vertx;
    this.client = client;
    this.lease = lease;
    this.store = store;
    this.link = link;
    this.parser = parser;
    this.status = status;
    this.stats = stats;
    this.pullBackoff = pullBackoff;
    this.storeBackoff = storeBackoff;
    this.clock = clock;
    this.interval = interval;
    this.leaseRetry = leaseTtl.dividedBy(3);
    this.storeTimeoutMs = Math.max(1000, leaseRetry.toMillis());
  }

  void start() {
    // The lease must not run out during a long step (a slow pull, a store retried while Redis is away).
    renewer = vertx.setPeriodic(leaseRetry.toMillis(), t -> {
      if (lease.held()) {
        lease.extend().onComplete(ar -> leadership(ar.succeeded() && ar.result() || lease.held()));
      }
    });
    run();
  }

  /**
   * Stops pulling; waits (up to {@code grace}) for a pull in flight and the store of what it got,
   * then gives the lease up so another replica takes over at once.
   */
  Future<Void> stop(Duration grace) {
    stopped = true;
    vertx.cancelTimer(timer);
    vertx.cancelTimer(renewer);
    return current.timeout(grace.toMillis(), TimeUnit.MILLISECONDS)
        .transform(ar -> pending == null ? Future.succeededFuture() : store())
        .transform(ar -> {
          if (pending != null) {
            LOG.error("stopping with {} pulled notifications (batch #{}) not stored: Redis did not confirm them;"
                + " they are gone from Docplanner's queue", pending.notifications().size(), pending.batch());
          }
          leadership(false);
          return lease.release();
        })
        .recover(e -> Future.succeededFuture());
  }

  private void run() {
    timer = -1;
    if (stopped) {
      return;
    }
    current = step().recover(error -> {
      LOG.error("pull step failed unexpectedly; retrying", error);
      return Future.succeededFuture(pullBackoff.next());
    });
    current.onSuccess(delay -> {
      if (!stopped) {
        timer = vertx.setTimer(Math.max(1, delay.toMillis()), t -> run());
      }
    });
  }

  private Future<Duration> step() {
    if (pending != null) {
      return store();
    }
    if (lease.held()) {
      // The fence: held means Redis confirmed this tenure less than lease-ttl ago (counted from when
      // the confirmation was asked for), so no other replica can hold it yet. The renewer keeps it so.
      leadership(true);
      return pull();
    }
    return lease.acquire().transform(ar -> {
      if (ar.failed()) {
        leadership(false);
        problem("redis", "lease", "cannot reach Redis for the pull lease: " + ar.cause().getMessage());
        return Future.succeededFuture(leaseRetry);
      }
      leadership(ar.result());
      return ar.result() ? pull() : Future.succeededFuture(leaseRetry);
    });
  }

  private Future<Duration> pull() {
    return client.pullMultiple(BATCH).transform(ar -> {
      if (ar.failed()) {
        UpstreamFailure failure = UpstreamFailure.of(ar.cause(), "GET /notifications/multiple");
        stats.pullFailed(failure.kind().label());
        problem(failure.kind().label(), failure.kind().label() + failure.status(), failure.getMessage());
        return Future.succeededFuture(pullBackoff.after(failure));
      }
      pullBackoff.reset();
      UpstreamClient.Pulled pulled = ar.result();
      status.updatePull(s -> s.succeeded(clock.instant()));
      if (pulled.batch().isEmpty()) {
        recovered();
        return Future.succeededFuture(later(interval, pulled.pause()));
      }
      pending = parse(pulled);
      return store();
    });
  }

  /** Parses each notification as a push would be; the ones that fail are counted, logged by position, skipped. */
  private Pending parse(UpstreamClient.Pulled pulled) {
    long batch = ++batches;
    List<io.vertx.core.buffer.Buffer> raw = pulled.batch().notifications();
    List<Notification> valid = new ArrayList<>(raw.size());
    int rejected = 0;
    for (int i = 0; i < raw.size(); i++) {
      try {
        valid.add(parser.parse(raw.get(i)));
      } catch (Problem problem) {
        rejected++;
        stats.notification("rejected");
        LOG.warn("skipped pulled notification {} of {} in batch #{}: {}{} (not stored; content not logged)", i + 1,
            raw.size(), batch, problem.type(), problem.pointer() == null ? "" : " at " + problem.pointer());
      }
    }
    int skipped = rejected;
    status.updatePull(s -> s.counted(0, skipped, valid.size()));
    stats.batch(valid.size());
    return new Pending(batch, List.copyOf(valid), pulled.batch().remaining(), pulled.pause());
  }

  private Future<Duration> store() {
    Pending batch = pending;
    return store.appendAll(batch.notifications(), Source.PULL)
        .timeout(storeTimeoutMs, TimeUnit.MILLISECONDS)
        .transform(ar -> {
          if (ar.failed()) {
            if (ar.cause() instanceof TimeoutException) {
              link.reset(); // the connection may be stuck on a paused Redis: the retry reconnects
            }
            problem("redis", "store#" + batch.batch(), "cannot store pulled batch #" + batch.batch() + " ("
                + batch.notifications().size() + " notifications, kept in memory, nothing more is pulled until it is"
                + " stored): " + ar.cause().getMessage());
            return Future.succeededFuture(storeBackoff.next());
          }
          int duplicates = 0;
          for (Stored stored : ar.result()) {
            duplicates += stored.duplicate() ? 1 : 0;
            stats.notification(stored.duplicate() ? "duplicate" : "stored");
          }
          pending = null;
          storeBackoff.reset();
          stats.stored();
          status.updatePull(s -> s.counted(batch.notifications().size(), 0, 0).succeeded(clock.instant()));
          recovered();
          LOG.debug("stored pulled batch #{}: {} notifications ({} duplicates), {} remaining upstream", batch.batch(),
              batch.notifications().size(), duplicates, batch.remaining());
          return Future.succeededFuture(later(batch.remaining() > 0 ? Duration.ZERO : interval, batch.pause()));
        });
  }

  private static Duration later(Duration planned, Duration pause) {
    return pause != null && pause.compareTo(planned) > 0 ? pause : planned;
  }

  private void leadership(boolean leader) {
    status.updatePull(s -> s.lease(leader, lease.seenHolder()));
    stats.leader(leader);
    if (leader != wasLeader) {
      wasLeader = leader;
      if (leader) {
        LOG.info("pulling from Docplanner: this replica ({}) holds the pull lease (fencing token {})", lease.holder(),
            lease.token());
      } else if (!stopped) {
        LOG.info("not pulling: the pull lease is held by {}",
            lease.seenHolder() == null ? "nobody reachable" : lease.seenHolder());
      }
    }
  }

  private void problem(String kind, String key, String message) {
    status.updatePull(s -> s.failed(kind, message, clock.instant()));
    problems.report(kind, key, message);
  }

  private void recovered() {
    problems.recovered();
  }
}
