package docplanner.gateway.upstream;

import docplanner.gateway.store.RedisLink;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.List;

/**
 * A Redis lease with a fencing token: at most one holder at a time across replicas. Acquiring
 * takes a fresh token from a counter that only grows and stores "holder token" with a TTL (only
 * when nobody holds it); extending and releasing are check-and-act scripts that succeed only for
 * that exact value, so a replica that lost the lease (it expired, someone else acquired it with a
 * higher token) can neither extend it nor delete the new holder's. Locally the lease counts as held
 * only until its TTL runs out from the last confirmed acquire or extend, so a replica cut off from
 * Redis stops acting as the holder when the others may take over. Owned by one event loop.
 */
public final class Lease {

  private static final RedisScript ACQUIRE = new RedisScript(
      "local current = redis.call('GET', KEYS[1])",
      "if current then return {0, current} end",
      "local token = redis.call('INCR', KEYS[2])",
      "local value = ARGV[1] .. ' ' .. token",
      "redis.call('SET', KEYS[1], value, 'PX', ARGV[2])",
      "return {1, value}");

  private static final RedisScript EXTEND = new RedisScript(
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end",
      "return 0");

  private static final RedisScript RELEASE = new RedisScript(
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end",
      "return 0");

  private final RedisLink link;
  private final String key;
  private final String fenceKey;
  private final String holder;
  private final long ttlMs;
  private final long timeoutMs;

  private String value;
  private long validUntilNanos;
  private String seenHolder;

  /**
   * @param holder  this replica's name (no spaces)
   * @param timeout how long a Redis call may take before it counts as failed
   */
  public Lease(RedisLink link, String key, String fenceKey, String holder, Duration ttl, Duration timeout) {
    if (holder.contains(" ")) {
      throw new IllegalArgumentException("holder must not contain spaces");
    }
    this.link = link;
    this.key = key;
    this.fenceKey = fenceKey;
    this.holder = holder;
    this.ttlMs = ttl.toMillis();
    this.timeoutMs = timeout.toMillis();
  }

  /** Takes the lease when nobody holds it: true when it is ours now (or already was and is still valid). */
  public Future<Boolean> acquire() {
    if (held()) {
      return extend();
    }
    long sent = System.nanoTime();
    return ACQUIRE.run(link, timeoutMs, List.of(key, fenceKey), holder, ttlMs).map(reply -> {
      String current = reply.get(1).toString();
      seenHolder = holderOf(current);
      if (reply.get(0).toInteger() == 1) {
        value = current;
        validUntilNanos = sent + ttlMs * 1_000_000;
        return true;
      }
      value = null;
      return false;
    });
  }

  /**
   * Extends the lease if it is still ours: true when extended; false when it was lost (it is then
   * no longer held). Fails when Redis does not answer (the lease stays held until its TTL runs out).
   */
  public Future<Boolean> extend() {
    String mine = value;
    if (mine == null) {
      return Future.succeededFuture(false);
    }
    long sent = System.nanoTime();
    return EXTEND.run(link, timeoutMs, List.of(key), mine, ttlMs).map(reply -> {
      if (reply.toInteger() == 1 && mine.equals(value)) {
        validUntilNanos = sent + ttlMs * 1_000_000;
        seenHolder = holder;
        return true;
      }
      lost();
      return false;
    });
  }

  /** Gives the lease up (graceful stop), so another replica can take it at once. */
  public Future<Void> release() {
    String mine = value;
    lost();
    if (mine == null) {
      return Future.succeededFuture();
    }
    return RELEASE.run(link, timeoutMs, List.of(key), mine).mapEmpty();
  }

  /** Whether this replica holds the lease: acquired, not lost, and its TTL not run out since the last confirmation. */
  public boolean held() {
    if (value != null && System.nanoTime() - validUntilNanos >= 0) {
      lost();
    }
    return value != null;
  }

  /** The fencing token of the current tenure (grows with every acquisition), or -1 when not held. */
  public long token() {
    String mine = value;
    return held() ? Long.parseLong(mine.substring(mine.lastIndexOf(' ') + 1)) : -1;
  }

  /** The holder seen at the last acquire or extend (this replica or another), or null. */
  public String seenHolder() {
    return seenHolder;
  }

  public String holder() {
    return holder;
  }

  private void lost() {
    value = null;
    validUntilNanos = 0;
  }

  private static String holderOf(String value) {
    int space = value.lastIndexOf(' ');
    return space < 0 ? value : value.substring(0, space);
  }
}
