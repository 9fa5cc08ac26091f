package docplanner.gateway.config;

import docplanner.gateway.store.StreamKeys;

import java.time.Duration;

/** The Redis Stream every notification is appended to, and the dedupe window in front of it. */
public record StreamSettings(String key, Duration retention, Duration dedupeWindow) {

  static StreamSettings from(ConfigValues v) {
    String key = v.string("stream.key");
    if (key.isEmpty()) {
      throw ConfigValues.bad("stream.key", key, "a Redis key name");
    }
    try {
      StreamKeys.of(key);
    } catch (IllegalArgumentException e) {
      throw ConfigValues.bad("stream.key", key, "a Redis key name whose braces form a hash tag ({tag}) or no braces");
    }
    return new StreamSettings(key, v.positiveDuration("stream.retention"), v.positiveDuration("dedupe.window"));
  }

  public StreamSettings withKey(String newKey) {
    return new StreamSettings(newKey, retention, dedupeWindow);
  }
}
