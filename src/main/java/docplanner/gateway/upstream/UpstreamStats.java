package docplanner.gateway.upstream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Metrics of the upstream side: pulled batches and notifications, release calls by answer, tokens. */
public final class UpstreamStats {

  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Counter batches;
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicInteger leader = new AtomicInteger();

  public UpstreamStats(MeterRegistry registry) {
    this.registry = registry;
    this.batches = Counter.builder("gateway.pull.batches")
        .description("Non-empty batches pulled from GET /notifications/multiple").register(registry);
    registry.gauge("gateway.pull.pending", pending);
    registry.gauge("gateway.pull.leader", leader);
  }

  void batch(int size) {
    batches.increment();
    pending.set(size);
  }

  /** outcome: stored, duplicate, rejected (failed parsing, skipped). */
  void notification(String outcome) {
    counter("gateway.pull.notifications", "Pulled notifications by outcome", "outcome", outcome).increment();
  }

  void stored() {
    pending.set(0);
  }

  void leader(boolean isLeader) {
    leader.set(isLeader ? 1 : 0);
  }

  /** A pull that failed, by kind (unavailable, rate-limited, credentials-rejected, ...). */
  void pullFailed(String kind) {
    counter("gateway.pull.errors", "Failed pulls by kind", "kind", kind).increment();
  }

  /** A call of release, by Docplanner's answer: released, rate-limited, forbidden, unavailable, ... */
  void release(String answer) {
    counter("gateway.release.calls", "Calls of POST /notifications/release by answer", "answer", answer).increment();
  }

  /** A release attempt decided in Redis without calling: too-soon (within the hour), busy (another replica calling). */
  void releaseSkipped(String reason) {
    counter("gateway.release.skipped", "Release attempts not sent to Docplanner, by reason", "reason", reason)
        .increment();
  }

  /** outcome: issued, or the failure kind. */
  void token(String outcome) {
    counter("gateway.upstream.tokens", "Access token requests by outcome", "outcome", outcome).increment();
  }

  private Counter counter(String name, String description, String tag, String value) {
    return counters.computeIfAbsent(name + '|' + value, k -> Counter.builder(name)
        .description(description).tag(tag, value).register(registry));
  }
}
