package docplanner.gateway.config;

import java.time.Duration;

/**
 * What one HTTP port lets a client hold: how long it may take to send a request, how long a
 * connection may stay silent, and how many connections it may keep open at once.
 *
 * @param idleTimeout            a connection with nothing read or written for this long is closed
 * @param headerTimeout          from the moment a connection opens, the first request's headers must have arrived within this
 * @param requestTimeout         from its first header line, a whole request (headers and body) must have arrived within this
 * @param maxConnections         open connections on the port; further ones are closed as they are accepted
 * @param maxConnectionsPerSource open connections from one peer address (0: no per-address limit); trusted proxies are exempt
 */
public record ServerLimits(
    Duration idleTimeout,
    Duration headerTimeout,
    Duration requestTimeout,
    int maxConnections,
    int maxConnectionsPerSource) {

  static ServerLimits from(ConfigValues v, String port, boolean perSource) {
    return new ServerLimits(
        v.positiveDuration(port + ".idle-timeout"),
        v.positiveDuration(port + ".header-timeout"),
        v.positiveDuration(port + ".request-timeout"),
        v.integer(port + ".max-connections", 1, 1_000_000),
        perSource ? v.integer(port + ".max-connections-per-source", 0, 1_000_000) : 0);
  }
}
