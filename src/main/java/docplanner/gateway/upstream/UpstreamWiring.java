package docplanner.gateway.upstream;

import docplanner.gateway.config.StreamSettings;
import docplanner.gateway.config.UpstreamSettings;
import io.vertx.redis.client.Redis;

import java.time.Duration;

/**
 * What the pull and release verticles get from the gateway.
 *
 * @param connectTimeout how long a Redis connection may take ({@code redis.connect-timeout})
 * @param gracePeriod    how long a stopping verticle waits for a call in flight ({@code shutdown.grace-period})
 */
public record UpstreamWiring(UpstreamSettings settings, StreamSettings stream, Redis redis, Duration connectTimeout,
                             UpstreamStatus status, UpstreamStats stats, Duration gracePeriod) {

  /** The Redis keys of this gateway's stream and API client. */
  UpstreamKeys keys() {
    return UpstreamKeys.of(stream.key(), settings.clientId());
  }
}
