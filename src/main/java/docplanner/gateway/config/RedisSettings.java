package docplanner.gateway.config;

import java.time.Duration;

/**
 * Where Redis is, whether the gateway may start one of its own, and how long a connection and a
 * command may take.
 */
public record RedisSettings(String url, String password, Embedded embedded, Duration connectTimeout,
                            Duration commandTimeout) {

  /** Whether an embedded redis-server is started. */
  public enum Embedded { AUTO, NEVER, ALWAYS }

  static RedisSettings from(ConfigValues v) {
    String url = v.string("redis.url");
    if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
      throw ConfigValues.bad("redis.url", url, "a redis:// or rediss:// URL");
    }
    return new RedisSettings(url, v.string("redis.password"), v.choice("redis.embedded", Embedded.class),
        v.positiveDuration("redis.connect-timeout"), v.positiveDuration("redis.command-timeout"));
  }

  /** Keeps the password out of log lines and error messages. */
  @Override
  public String toString() {
    return "RedisSettings[url=" + ConfigValues.withoutPassword(url) + ", password=" + (password.isEmpty() ? "" : "***")
        + ", embedded=" + embedded + ", connectTimeout=" + connectTimeout + ", commandTimeout=" + commandTimeout + "]";
  }

  /**
   * TCP_USER_TIMEOUT for Redis sockets (Linux, native transport): data unacknowledged this long
   * kills the connection in the kernel, the backstop behind the command deadline for a link with
   * nothing in flight (TCP keepalive probes count as data).
   */
  public Duration tcpUserTimeout() {
    return commandTimeout.multipliedBy(2).plus(connectTimeout);
  }

  public RedisSettings withUrl(String newUrl) {
    return new RedisSettings(newUrl, password, embedded, connectTimeout, commandTimeout);
  }
}
