package docplanner.gateway.support;

import docplanner.gateway.store.DedupeIndex;

import java.time.Duration;
import java.util.List;

/** The dedupe index's keys as a test sees them with plain commands (its fingerprints are binary: not read). */
public final class DedupeKeys {

  private DedupeKeys() {
  }

  /** Every key of the index of {@code stream} with this window: bucket counts ({@code …:n}) and shards. */
  public static List<String> of(TestRedis redis, String stream, Duration window) {
    List<?> keys = (List<?>) RedisCommands.value("127.0.0.1", redis.port(), "KEYS", DedupeIndex.family(stream, window) + "*");
    return keys.stream().map(String.class::cast).toList();
  }

  /** How many fingerprints the shards hold (each shard also has the field "" from its creation). */
  public static long remembered(TestRedis redis, String stream, Duration window) {
    long total = 0;
    for (String key : of(redis, stream, window)) {
      if (!key.endsWith(":n")) {
        total += Long.parseLong(redis.command("HLEN", key)) - 1;
      }
    }
    return total;
  }

  /** The remembered values (stream id, and the verdict if any) of every fingerprint. */
  public static List<String> values(TestRedis redis, String stream, Duration window) {
    return of(redis, stream, window).stream().filter(key -> !key.endsWith(":n"))
        .flatMap(key -> ((List<?>) RedisCommands.value("127.0.0.1", redis.port(), "HVALS", key)).stream())
        .map(String.class::cast).filter(value -> !value.isEmpty()).toList();
  }
}
