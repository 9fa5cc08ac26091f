package docplanner.gateway.upstream;

import docplanner.gateway.store.RedisLink;
import io.vertx.core.Future;
import io.vertx.redis.client.Response;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The once-per-hour release, shared by all replicas through Redis. The last release is a key that
 * expires when the next one is allowed (Redis' clock decides, not the replicas'); the call in
 * progress is a short lease. {@link #claim()} checks both and takes the lease in one script, so two
 * replicas can never both be calling, nor call within the hour. Owned by one event loop.
 */
final class ReleaseSlot {

  /** {@code claim}: KEYS last, attempt, fence; ARGV holder, attempt TTL (ms). */
  private static final RedisScript CLAIM = new RedisScript(
      "local wait = redis.call('PTTL', KEYS[1])",
      "if wait > 0 then return {0, wait, redis.call('GET', KEYS[1]) or ''} end",
      "local busy = redis.call('PTTL', KEYS[2])",
      "if busy > 0 then return {2, busy, redis.call('GET', KEYS[2]) or ''} end",
      "local token = redis.call('INCR', KEYS[3])",
      "local value = ARGV[1] .. ' ' .. token",
      "redis.call('SET', KEYS[2], value, 'PX', ARGV[2])",
      "return {1, 0, value}");

  /** {@code record}: KEYS last, attempt; ARGV attempt value, what to remember, for how long (ms). */
  private static final RedisScript RECORD = new RedisScript(
      "redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])",
      "if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end",
      "return 1");

  /** {@code abandon}: KEYS attempt; ARGV attempt value. */
  private static final RedisScript ABANDON = new RedisScript(
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end",
      "return 0");

  /** What {@link #claim()} found. */
  sealed interface Claim permits Claimed, TooSoon, Busy {
  }

  /** This replica may call release now; {@code attempt} identifies the call. */
  record Claimed(String attempt) implements Claim {
  }

  /** A release happened (or Docplanner said to wait) less than the spacing ago: wait {@code retryAfter}. */
  record TooSoon(Duration retryAfter, String lastReleasedBy) implements Claim {
  }

  /** Another replica is calling release right now. */
  record Busy(Duration retryAfter, String caller) implements Claim {
  }

  private final RedisLink link;
  private final UpstreamKeys keys;
  private final String holder;
  private final Duration spacing;
  private final Duration attemptTtl;
  private final long timeoutMs;

  /**
   * @param spacing    the least time between two releases (Docplanner: one hour)
   * @param attemptTtl how long a call may be in progress before another replica may try (longer than a call takes)
   */
  ReleaseSlot(RedisLink link, UpstreamKeys keys, String holder, Duration spacing, Duration attemptTtl, Duration timeout) {
    this.link = link;
    this.keys = keys;
    this.holder = holder;
    this.spacing = spacing;
    this.attemptTtl = attemptTtl;
    this.timeoutMs = timeout.toMillis();
  }

  Future<Claim> claim() {
    return CLAIM.run(link, timeoutMs, List.of(keys.releaseLast(), keys.releaseAttempt(), keys.releaseFence()),
        holder, attemptTtl.toMillis()).map(ReleaseSlot::claim);
  }

  private static Claim claim(Response reply) {
    int outcome = reply.get(0).toInteger();
    Duration wait = Duration.ofMillis(reply.get(1).toLong());
    String value = reply.get(2).toString();
    return switch (outcome) {
      case 1 -> new Claimed(value);
      case 0 -> new TooSoon(wait, value);
      default -> new Busy(wait, value);
    };
  }

  /** Docplanner accepted the release at {@code at}: no other for {@link #spacing}. */
  Future<Void> released(String attempt, Instant at) {
    return record(attempt, at, spacing);
  }

  /** Docplanner answered 429: nobody calls again before {@code wait} has passed. */
  Future<Void> refused(String attempt, Instant at, Duration wait) {
    return record(attempt, at, wait.isZero() || wait.isNegative() ? Duration.ofSeconds(1) : wait);
  }

  /** The call failed without a verdict (network, 5xx, 403): let the next try happen. */
  Future<Void> abandon(String attempt) {
    return ABANDON.run(link, timeoutMs, List.of(keys.releaseAttempt()), attempt).mapEmpty();
  }

  private Future<Void> record(String attempt, Instant at, Duration hold) {
    return RECORD.run(link, timeoutMs, List.of(keys.releaseLast(), keys.releaseAttempt()), attempt,
        holder + "@" + at, hold.toMillis()).mapEmpty();
  }

  String holder() {
    return holder;
  }
}
