package docplanner.gateway.ingest;

import docplanner.gateway.event.EventNames;
import docplanner.gateway.event.StreamId;
import docplanner.gateway.event.Verdict;
import docplanner.gateway.ops.StageTiming;
import docplanner.gateway.store.RedisErrors;
import docplanner.gateway.store.Stored;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Push metrics: outcomes by event, acknowledgement and store latency, approval verdicts. */
public final class IngestStats {

  private final MeterRegistry registry;
  private final Map<String, Map<String, Counter>> counters = new ConcurrentHashMap<>();
  private final Map<String, Counter> verdicts = new ConcurrentHashMap<>();
  private final Map<String, Counter> storedByName = new ConcurrentHashMap<>();
  private final Map<String, Counter> duplicatesByName = new ConcurrentHashMap<>();
  private final Timer ackLatency;
  private final Timer storeLatency;
  private final Counter redisErrors;
  private final StageTiming stages;

  public IngestStats(MeterRegistry registry) {
    this(registry, StageTiming.OFF);
  }

  /** @param stages the process's stage timing (metrics.stage-timing), shared with the feed */
  public IngestStats(MeterRegistry registry, StageTiming stages) {
    this.registry = registry;
    this.stages = stages;
    this.ackLatency = Timer.builder("gateway.push.ack")
        .description("Time from a push arriving to its answer")
        .publishPercentileHistogram()
        .register(registry);
    this.storeLatency = Timer.builder("gateway.push.store")
        .description("Fingerprint, dedupe and append: from the parsed body to Redis' confirmation")
        .publishPercentileHistogram()
        .register(registry);
    this.redisErrors = RedisErrors.counter(registry, "store");
  }

  /** A store call failed or timed out (the push was answered 503). */
  void storeFailed() {
    redisErrors.increment();
  }

  /** outcome: stored, duplicate, rejected, unavailable; reason: the problem type or "". */
  void outcome(String outcome, String eventName, String reason) {
    counter(outcome, eventName, reason).increment();
  }

  /** A push stored or found a duplicate: {@link #outcome}, on a path that looks the counter up once per known name. */
  void accepted(String eventName, boolean duplicate) {
    Map<String, Counter> byName = duplicate ? duplicatesByName : storedByName;
    Counter counter = byName.get(eventName);
    if (counter == null) {
      counter = counter(duplicate ? "duplicate" : "stored", eventName, "");
      if (EventNames.label(eventName) == eventName) {
        byName.put(eventName, counter); // known names only: 17 at most
      }
    }
    counter.increment();
  }

  private Counter counter(String outcome, String eventName, String reason) {
    String label = eventName == null ? "unknown" : EventNames.label(eventName);
    // Keyed by outcome, then label + reason: no string building on the hot path.
    return counters.computeIfAbsent(outcome, o -> new ConcurrentHashMap<>())
        .computeIfAbsent(reason.isEmpty() ? label : label + '|' + reason, k -> Counter.builder("gateway.push.requests")
            .description("Pushes by outcome, event name and rejection reason")
            .tag("outcome", outcome).tag("event", label).tag("reason", reason)
            .register(registry));
  }

  void verdict(String eventName, Verdict verdict) {
    String key = "verdict|" + eventName + '|' + verdict.decision() + '|' + verdict.decidedBy().wire();
    verdicts.computeIfAbsent(key, k -> Counter.builder("gateway.approval.verdicts")
        .description("Answers given to the blocking events")
        .tag("event", EventNames.label(eventName)).tag("decision", verdict.decision())
        .tag("by", verdict.decidedBy().wire())
        .register(registry)).increment();
  }

  /** A push that arrived at {@code startNanos} was answered at {@code nowNanos} ({@link System#nanoTime}). */
  void acked(long startNanos, long nowNanos) {
    ackLatency.record(nowNanos - startNanos, TimeUnit.NANOSECONDS);
  }

  /** A store call made at {@code startNanos} was answered (or gave up) at {@code nowNanos}. */
  void stored(long startNanos, long nowNanos) {
    storeLatency.record(nowNanos - startNanos, TimeUnit.NANOSECONDS);
  }

  /** A body read now, when stage timing is on (0 when off: nothing to time). */
  long bodyRead() {
    return stages.on() ? System.nanoTime() : 0;
  }

  /** The store answered for a push whose body was read at {@code bodyRead} (from {@link #bodyRead}). */
  void storedAfter(long bodyRead, Stored stored) {
    if (bodyRead != 0 && !stored.duplicate()) {
      StreamId id = StreamId.parse(stored.id());
      if (id != null) {
        stages.stored(bodyRead, id.millis(), id.sequence());
      }
    }
  }
}
