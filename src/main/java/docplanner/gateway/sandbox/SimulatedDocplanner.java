package docplanner.gateway.sandbox;

import docplanner.gateway.config.SandboxSettings;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The Docplanner side's state and rules in one place, independent of HTTP: notifications enter
 * the pull queue and the push path, pulls take them in order, release re-dispatches the failed
 * ones at most once per interval, and {@link #tick} applies whatever the clock has made due
 * (retries, expiry, deletion). The routes and the admin API call into it. Confined to one event loop.
 */
final class SimulatedDocplanner {

  /** Where a new notification goes. */
  enum Delivery {
    /** Into the pull queue and, when there is a push endpoint, pushed. */
    BOTH,
    /** Into the pull queue only. */
    QUEUE,
    /** Pushed only. */
    PUSH
  }

  /** What a release call gets. */
  sealed interface ReleaseAnswer {
    /** No push endpoint: the client is not on the push model. */
    record Forbidden() implements ReleaseAnswer {
    }

    /** Too soon after the last one. */
    record TooSoon(Duration retryAfter) implements ReleaseAnswer {
    }

    /** Accepted: this many failed events are being re-dispatched. */
    record Released(int count) implements ReleaseAnswer {
    }
  }

  private final SandboxClock clock;
  private final SandboxTimers timers = new SandboxTimers();
  private final Journal journal;
  private final NotificationQueue queue;
  private final FailedStore failed;
  private final PushDispatcher push;
  private final ReleaseLimiter releaseLimiter;
  private final TokenIssuer tokens;
  private final RateLimiter rateLimiter;
  private final EventGenerator generator;
  private final ApiFaults faults = new ApiFaults();
  private long nextId = 1;

  SimulatedDocplanner(SandboxSettings settings, SandboxClock clock, WebClient client) {
    this.clock = clock;
    this.journal = new Journal(settings.history());
    this.queue = new NotificationQueue(settings.queueExpiry(), settings.queueMaxSize(),
        e -> journal.record(Journal.Kind.EXPIRED, e, clock.now()),
        e -> journal.record(Journal.Kind.EVICTED, e, clock.now()));
    this.failed = new FailedStore(settings.failedRetention(), settings.maxFailed(),
        e -> journal.record(Journal.Kind.DELETED, e, clock.now()));
    this.push = new PushDispatcher(client, clock, timers, settings.pushUrl(), settings.retryDelays(),
        settings.pushTimeout(), failed, journal, settings.maxFailed());
    this.releaseLimiter = new ReleaseLimiter(settings.releaseInterval());
    this.tokens = new TokenIssuer(settings.clientId(), settings.clientSecret(), settings.tokenLifetime(), clock, 10_000);
    this.rateLimiter = settings.rateLimited()
        ? new RateLimiter(settings.hourlyQuota(), settings.writesPerMinute()) : null;
    this.generator = new EventGenerator(settings.seed(), clock, settings.duplicateShare());
  }

  /** Takes in a notification {@code body} named {@code name}; answers it as the sandbox holds it. */
  SandboxEvent accept(String name, Buffer body, Delivery delivery) {
    Instant now = clock.now();
    SandboxEvent event = new SandboxEvent(nextId++, name, body, now);
    if (delivery != Delivery.PUSH) {
      queue.offer(event, now);
    }
    if (delivery != Delivery.QUEUE && push.hasEndpoint()) {
      push.push(event);
    }
    return event;
  }

  /** A generated event, taken in like any other. */
  SandboxEvent generate(Delivery delivery) {
    EventGenerator.Generated generated = generator.next();
    return accept(generated.name(), generated.body(), delivery);
  }

  /** Removes and returns the earliest {@code limit} notifications. */
  List<SandboxEvent> pull(int limit) {
    Instant now = clock.now();
    List<SandboxEvent> taken = queue.take(limit, now);
    for (SandboxEvent event : taken) {
      journal.record(Journal.Kind.PULLED, event, now);
    }
    return taken;
  }

  int remaining() {
    return queue.remaining(clock.now());
  }

  ReleaseAnswer release() {
    if (!push.hasEndpoint()) {
      return new ReleaseAnswer.Forbidden();
    }
    Duration wait = releaseLimiter.tryRelease(clock.now());
    if (!wait.isZero()) {
      return new ReleaseAnswer.TooSoon(wait);
    }
    return new ReleaseAnswer.Released(push.release());
  }

  /** Applies what the clock has made due: push retries, queue expiry, deletion of old failed events. */
  void tick() {
    Instant now = clock.now();
    timers.runDue(now);
    queue.expire(now);
    failed.purge(now);
  }

  /** Moves the sandbox clock forward and applies what became due. */
  Instant advance(Duration by) {
    Instant now = clock.advance(by);
    tick();
    return now;
  }

  /**
   * Empties the queue, the failed store, the lists and the limits, and starts the generator on a
   * new round of the 17 types; tokens, settings and ids already issued stay.
   */
  void reset() {
    push.reset();
    timers.clear();
    queue.clear();
    failed.clear();
    journal.clear();
    releaseLimiter.reset();
    generator.startOver();
    faults.clear();
    if (rateLimiter != null) {
      rateLimiter.reset();
    }
  }

  JsonObject stats() {
    Instant now = clock.now();
    return new JsonObject()
        .put("now", now.toString())
        .put("clock_offset_seconds", clock.offset().toSeconds())
        .put("queued", queue.remaining(now))
        .put("failed", failed.size())
        .put("retries_scheduled", timers.size())
        .put("fail_next", push.failingNext())
        .put("push_endpoint", push.endpoint())
        .put("tokens", tokens.size())
        .put("duplicate_share", generator.duplicateShare())
        .put("totals", journal.totals());
  }

  SandboxClock clock() {
    return clock;
  }

  /** The fault currently injected into the API or the token endpoint (none by default). */
  ApiFaults faults() {
    return faults;
  }

  TokenIssuer tokens() {
    return tokens;
  }

  /** Null when rate limiting is off. */
  RateLimiter rateLimiter() {
    return rateLimiter;
  }

  PushDispatcher push() {
    return push;
  }

  NotificationQueue queue() {
    return queue;
  }

  FailedStore failed() {
    return failed;
  }

  Journal journal() {
    return journal;
  }

  EventGenerator generator() {
    return generator;
  }
}
