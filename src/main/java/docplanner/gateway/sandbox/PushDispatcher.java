package docplanner.gateway.sandbox;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Push delivery as Docplanner does it: each event POSTed once ({@code Content-Type:
 * application/json}, no authorization); a delivery that fails outright (refused connection,
 * timeout, non-2xx answer) is retried after each of {@code retryDelays} (counted from the previous
 * failure, by the sandbox clock), and when the last retry fails the event goes to the
 * {@link FailedStore}. {@link #release} re-dispatches every kept failed event once. Confined to one
 * event loop; the HTTP client's wait queue bounds what is in flight.
 */
final class PushDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(PushDispatcher.class);

  /** Why an attempt was made. */
  enum Via { PUSH, RETRY, RELEASE;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The answer to one attempt: delivered (2xx), or the status or error that made it fail. */
  private record Outcome(boolean delivered, int status, String error) {

    String reason() {
      return error != null ? error : "answered " + status;
    }

    JsonObject describe(int attempt, Via via) {
      JsonObject json = new JsonObject().put("attempt", attempt).put("via", via.label())
          .put("delivered", delivered);
      return error != null ? json.put("error", error) : json.put("status", status);
    }
  }

  private final WebClient client;
  private final SandboxClock clock;
  private final SandboxTimers timers;
  private final List<Duration> retryDelays;
  private final long timeoutMillis;
  private final FailedStore failed;
  private final Journal journal;
  private final int maxPendingRetries;
  private String endpoint;
  private int failNext;
  private long epoch;

  PushDispatcher(WebClient client, SandboxClock clock, SandboxTimers timers, String endpoint, List<Duration> retryDelays,
                 Duration timeout, FailedStore failed, Journal journal, int maxPendingRetries) {
    this.client = client;
    this.clock = clock;
    this.timers = timers;
    this.endpoint = endpoint;
    this.retryDelays = List.copyOf(retryDelays);
    this.timeoutMillis = timeout.toMillis();
    this.failed = failed;
    this.journal = journal;
    this.maxPendingRetries = maxPendingRetries;
  }

  /** The registered endpoint URL; empty when the client is not on the push model. */
  String endpoint() {
    return endpoint;
  }

  void endpoint(String url) {
    this.endpoint = url;
  }

  boolean hasEndpoint() {
    return !endpoint.isEmpty();
  }

  /** Makes the next {@code count} attempts (of any kind) fail as if the connection were refused. */
  int failNext(int count) {
    failNext += count;
    return failNext;
  }

  int failingNext() {
    return failNext;
  }

  /** Delivers a new event: the first attempt, then the retries. */
  void push(SandboxEvent event) {
    long at = epoch;
    attempt(event, 1, Via.PUSH).onSuccess(outcome -> {
      if (at == epoch) {
        afterAttempt(event, 1, outcome, Via.PUSH);
      }
    });
  }

  /** Re-dispatches every failed event still kept, once each; answers how many. */
  int release() {
    List<FailedStore.Failed> all = failed.takeAll(clock.now());
    long at = epoch;
    for (FailedStore.Failed f : all) {
      int attempt = f.attempts() + 1;
      attempt(f.event(), attempt, Via.RELEASE).onSuccess(outcome -> {
        if (at != epoch) {
          return;
        }
        Instant now = clock.now();
        journal.record(Journal.Kind.RELEASED, f.event(), now, outcome.describe(attempt, Via.RELEASE));
        if (outcome.delivered) {
          journal.record(Journal.Kind.DELIVERED, f.event(), now, outcome.describe(attempt, Via.RELEASE));
        } else {
          failed.add(f.event(), now, attempt, outcome.reason());
        }
      });
    }
    LOG.info("release: re-dispatching {} failed events", all.size());
    return all.size();
  }

  private void afterAttempt(SandboxEvent event, int attempt, Outcome outcome, Via via) {
    Instant now = clock.now();
    if (outcome.delivered) {
      journal.record(Journal.Kind.DELIVERED, event, now, outcome.describe(attempt, via));
      return;
    }
    // Bounded: with more retries pending than failed events may be kept, the event fails now.
    if (attempt <= retryDelays.size() && timers.size() < maxPendingRetries) {
      long at = epoch;
      timers.schedule(now.plus(retryDelays.get(attempt - 1)), () -> attempt(event, attempt + 1, Via.RETRY)
          .onSuccess(next -> {
            if (at == epoch) {
              afterAttempt(event, attempt + 1, next, Via.RETRY);
            }
          }));
      return;
    }
    LOG.debug("push of event {} ({}) failed {} times: kept for release", event.id(), event.name(), attempt);
    journal.record(Journal.Kind.FAILED, event, now, outcome.describe(attempt, via));
    failed.add(event, now, attempt, outcome.reason());
  }

  /** One POST; never fails: a failure is an {@link Outcome}, recorded in the attempts list. */
  private Future<Outcome> attempt(SandboxEvent event, int attempt, Via via) {
    Future<Outcome> answer;
    if (failNext > 0) {
      failNext--;
      answer = Future.succeededFuture(new Outcome(false, 0, "simulated failure (admin push/fail)"));
    } else if (endpoint.isEmpty()) {
      answer = Future.succeededFuture(new Outcome(false, 0, "no push endpoint"));
    } else {
      answer = client.postAbs(endpoint)
          .putHeader("Content-Type", "application/json")
          .timeout(timeoutMillis)
          .sendBuffer(event.body())
          .map(PushDispatcher::outcomeOf)
          .otherwise(error -> new Outcome(false, 0, DeliveryFailure.describe(error)));
    }
    long at = epoch;
    return answer.andThen(ar -> {
      if (at == epoch) {
        journal.record(Journal.Kind.ATTEMPTS, event, clock.now(), ar.result().describe(attempt, via));
      }
    });
  }

  private static Outcome outcomeOf(HttpResponse<Buffer> response) {
    int status = response.statusCode();
    return new Outcome(status >= 200 && status < 300, status, null);
  }

  /** Forgets scheduled retries and the fail-next count; answers still in flight are ignored. */
  void reset() {
    epoch++;
    failNext = 0;
  }
}
