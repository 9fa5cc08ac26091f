package docplanner.gateway.config;

import java.util.List;

/**
 * The gateway's defences against clients that are not what they should be (SECURITY.md): limits
 * of both HTTP ports, which browser origins and hosts may use the feed, the admin token, and the
 * per-source push rate limit.
 *
 * @param allowedOrigins exact origins ({@code https://app.example}) or {@code *}; empty: requests with an Origin are refused
 * @param allowedHosts   Host header values (host or host:port) the feed answers; empty: any
 * @param adminToken     bearer token of {@code /admin/*}; empty: the admin routes are refused
 */
public record SecuritySettings(
    ServerLimits push,
    ServerLimits feed,
    List<String> allowedOrigins,
    List<String> allowedHosts,
    String adminToken,
    RateLimit pushRateLimit) {

  /**
   * A token bucket per push sender (after proxy resolution).
   *
   * @param perSecond refill rate, pushes per second; 0 turns the limit off
   * @param burst     bucket size: pushes a sender may make at once
   * @param exempt    networks never limited (Docplanner's sending addresses)
   */
  public record RateLimit(double perSecond, int burst, List<String> exempt) {

    public boolean enabled() {
      return perSecond > 0;
    }
  }

  static SecuritySettings from(ConfigValues v) {
    List<String> origins = v.list("feed.allowed-origins");
    for (String origin : origins) {
      if (!origin.equals("*") && !origin.matches("(?i)[a-z][a-z0-9+.-]*://[^/?#\\s]+")) {
        throw ConfigValues.bad("feed.allowed-origins", origin, "* or origins such as https://app.example.org (scheme://host[:port], no path)");
      }
    }
    String adminToken = v.string("admin.token");
    if (!adminToken.isEmpty() && adminToken.length() < 16) {
      throw ConfigValues.bad("admin.token", "***", "at least 16 characters (it guards the cluster-wide release slot)");
    }
    ServerLimits feed = ServerLimits.from(v, "feed", false);
    FeedSettings feedSettings = FeedSettings.from(v);
    if (feed.idleTimeout().compareTo(feedSettings.heartbeat()) <= 0) {
      throw ConfigValues.bad("feed.idle-timeout", v.string("feed.idle-timeout"),
          "a duration longer than feed.heartbeat (heartbeats are what keep idle subscribers' connections open)");
    }
    return new SecuritySettings(
        ServerLimits.from(v, "push", true),
        feed,
        origins,
        v.list("feed.allowed-hosts"),
        adminToken,
        new RateLimit(v.decimal("push.rate-limit.per-second", 0, 1_000_000),
            v.integer("push.rate-limit.burst", 1, 1_000_000),
            PushSettings.networks(v, "push.rate-limit.exempt")));
  }
}
