package docplanner.gateway.upstream;

import docplanner.gateway.config.StreamSettings;
import docplanner.gateway.config.UpstreamSettings;
import docplanner.gateway.store.RedisLinks;

import java.time.Duration;

/**
 * What the pull and release verticles get from the gateway.
 *
 * @param redis          where their Redis links come from (deadlines, health)
 * @param gracePeriod    how long a stopping verticle waits for a call in flight ({@code shutdown.grace-period})
 */
public record UpstreamWiring(UpstreamSettings settings, StreamSettings stream, RedisLinks redis,
                             UpstreamStatus status, UpstreamStats stats, Duration gracePeriod) {

  /** The Redis keys of this gateway's stream and API client. */
  UpstreamKeys keys() {
    return UpstreamKeys.of(stream.key(), settings.clientId());
  }
}
