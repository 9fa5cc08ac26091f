package docplanner.gateway.config;

import java.time.Duration;
import java.util.List;

/** The Docplanner simulator ({@code sandbox} command, {@code --sandbox} flag). */
public record SandboxSettings(
    String host,
    int port,
    String clientId,
    String clientSecret,
    Duration tokenLifetime,
    Duration queueExpiry,
    int queueMaxSize,
    String pushUrl,
    Duration pushTimeout,
    List<Duration> retryDelays,
    Duration failedRetention,
    int maxFailed,
    Duration releaseInterval,
    boolean rateLimited,
    int hourlyQuota,
    int writesPerMinute,
    double generatorRate,
    double duplicateShare,
    long seed,
    int history) {

  static SandboxSettings from(ConfigValues v) {
    String clientId = v.string("sandbox.client-id");
    if (clientId.isEmpty() || clientId.contains(":")) {
      throw ConfigValues.bad("sandbox.client-id", clientId, "a non-empty client id without ':'");
    }
    String clientSecret = v.string("sandbox.client-secret");
    if (clientSecret.isEmpty()) {
      throw ConfigValues.bad("sandbox.client-secret", "", "a non-empty secret");
    }
    String pushUrl = v.string("sandbox.push.url");
    if (!pushUrl.isEmpty() && !(pushUrl.startsWith("http://") || pushUrl.startsWith("https://"))) {
      throw ConfigValues.bad("sandbox.push.url", pushUrl, "an http(s) URL, or empty for no push");
    }
    List<Duration> retryDelays = v.durations("sandbox.push.retry-delays");
    if (retryDelays.size() > 10) {
      throw ConfigValues.bad("sandbox.push.retry-delays", v.string("sandbox.push.retry-delays"), "at most 10 delays");
    }
    String seed = v.string("sandbox.generator.seed");
    if (!seed.matches("-?\\d{1,18}")) {
      throw ConfigValues.bad("sandbox.generator.seed", seed, "a whole number (0: random)");
    }
    return new SandboxSettings(
        v.string("sandbox.host"),
        v.port("sandbox.port"),
        clientId,
        clientSecret,
        v.positiveDuration("sandbox.token-lifetime"),
        v.positiveDuration("sandbox.queue.expiry"),
        v.integer("sandbox.queue.max-size", 1, 1_000_000),
        pushUrl,
        v.positiveDuration("sandbox.push.timeout"),
        retryDelays,
        v.positiveDuration("sandbox.push.failed-retention"),
        v.integer("sandbox.push.max-failed", 1, 1_000_000),
        v.duration("sandbox.release.min-interval"),
        v.bool("sandbox.rate-limit.enabled"),
        v.integer("sandbox.rate-limit.hourly-quota", 1, 100_000_000),
        v.integer("sandbox.rate-limit.writes-per-minute", 1, 1_000_000),
        v.decimal("sandbox.generator.rate", 0, 10_000),
        v.decimal("sandbox.generator.duplicate-share", 0, 1),
        Long.parseLong(seed),
        v.integer("sandbox.history", 1, 1_000_000));
  }

  /** These settings with pushes going to {@code url} (empty: no push endpoint). */
  public SandboxSettings withPushUrl(String url) {
    return new SandboxSettings(host, port, clientId, clientSecret, tokenLifetime, queueExpiry, queueMaxSize, url,
        pushTimeout, retryDelays, failedRetention, maxFailed, releaseInterval, rateLimited, hourlyQuota,
        writesPerMinute, generatorRate, duplicateShare, seed, history);
  }

  /** These settings listening on {@code newPort}. */
  public SandboxSettings withPort(int newPort) {
    return new SandboxSettings(host, newPort, clientId, clientSecret, tokenLifetime, queueExpiry, queueMaxSize,
        pushUrl, pushTimeout, retryDelays, failedRetention, maxFailed, releaseInterval, rateLimited, hourlyQuota,
        writesPerMinute, generatorRate, duplicateShare, seed, history);
  }
}
