package docplanner.gateway.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where Redis is (one server, a sentinel-watched primary, or a cluster), whether the gateway may
 * start one of its own, how long a connection and a command may take, and how many replicas must
 * confirm a write before a push is acknowledged.
 *
 * @param url             one URL, or for sentinel and cluster a comma-separated list (sentinels, seed nodes)
 * @param masterName      the primary's name the sentinels watch (sentinel mode)
 * @param minReplicasAcks replicas that must confirm each store before it is acknowledged (0: off)
 */
public record RedisSettings(Mode mode, String url, String password, String masterName, Embedded embedded,
                            Duration connectTimeout, Duration commandTimeout, int minReplicasAcks) {

  /** Whether an embedded redis-server is started. */
  public enum Embedded { AUTO, NEVER, ALWAYS }

  /** How the gateway finds the primary that holds the stream. */
  public enum Mode {
    /** One server at {@code redis.url} (or an endpoint that always reaches the current primary). */
    STANDALONE,
    /** The sentinels at {@code redis.url} name the primary of {@code redis.master-name}. */
    SENTINEL,
    /** A Redis Cluster: {@code redis.url} lists seed nodes, the client learns the slots. */
    CLUSTER;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** More than any real deployment: WAIT counts replicas of the one primary. */
  static final int MAX_REPLICAS_ACKS = 16;

  static RedisSettings from(ConfigValues v) {
    Mode mode = v.choice("redis.mode", Mode.class);
    String url = v.string("redis.url");
    List<String> urls = split(url);
    if (urls.isEmpty()) {
      throw ConfigValues.bad("redis.url", url, "a redis:// or rediss:// URL");
    }
    for (String one : urls) {
      if (!one.startsWith("redis://") && !one.startsWith("rediss://")) {
        throw ConfigValues.bad("redis.url", url, urls.size() == 1 ? "a redis:// or rediss:// URL"
            : "a comma-separated list of redis:// or rediss:// URLs");
      }
    }
    if (mode == Mode.STANDALONE && urls.size() > 1) {
      throw ConfigValues.bad("redis.url", url, "one URL: a list (sentinels, cluster seed nodes) needs redis.mode"
          + " sentinel or cluster (GATEWAY_REDIS_MODE)");
    }
    String masterName = v.string("redis.master-name");
    if (mode == Mode.SENTINEL && masterName.isEmpty()) {
      throw ConfigValues.bad("redis.master-name", masterName, "the name the sentinels monitor the primary under"
          + " (their 'sentinel monitor <name> ...' line)");
    }
    Embedded embedded = v.choice("redis.embedded", Embedded.class);
    if (mode != Mode.STANDALONE && embedded == Embedded.ALWAYS) {
      throw ConfigValues.bad("redis.embedded", "always", "auto or never: an embedded Redis is one standalone server,"
          + " not a " + mode.key() + " (redis.mode " + mode.key() + ")");
    }
    int acks = v.integer("redis.min-replicas-acks", 0, MAX_REPLICAS_ACKS);
    if (mode == Mode.CLUSTER && acks > 0) {
      // The cluster client sends a keyless WAIT to a random primary, not the stream's.
      throw ConfigValues.bad("redis.min-replicas-acks", String.valueOf(acks), "0 with redis.mode cluster: the"
          + " confirmation is supported for standalone and sentinel only");
    }
    return new RedisSettings(mode, url, v.string("redis.password"), masterName, embedded,
        v.positiveDuration("redis.connect-timeout"), v.positiveDuration("redis.command-timeout"), acks);
  }

  private static List<String> split(String url) {
    List<String> out = new ArrayList<>();
    for (String part : url.split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return out;
  }

  /** The URLs: the server (standalone), the sentinels, or the cluster's seed nodes. */
  public List<String> urls() {
    return List.copyOf(split(url));
  }

  /** Whether an embedded Redis may be started: standalone only, and not when told never. */
  public boolean embeddedAllowed() {
    return mode == Mode.STANDALONE && embedded != Embedded.NEVER;
  }

  /** Where Redis is, for log lines: the mode and the URLs without passwords. */
  public String where() {
    String urls = ConfigValues.withoutPassword(String.join(",", urls()));
    return switch (mode) {
      case STANDALONE -> urls;
      case SENTINEL -> "the primary '" + masterName + "' of the sentinels " + urls;
      case CLUSTER -> "the cluster " + urls;
    };
  }

  /** Keeps the password out of log lines and error messages. */
  @Override
  public String toString() {
    return "RedisSettings[mode=" + mode.key() + ", url=" + ConfigValues.withoutPassword(url) + ", password="
        + (password.isEmpty() ? "" : "***") + ", masterName=" + masterName + ", embedded=" + embedded
        + ", connectTimeout=" + connectTimeout + ", commandTimeout=" + commandTimeout
        + ", minReplicasAcks=" + minReplicasAcks + "]";
  }

  /**
   * TCP_USER_TIMEOUT for Redis sockets (Linux, native transport): data unacknowledged this long
   * kills the connection in the kernel, the backstop behind the command deadline for a link with
   * nothing in flight (TCP keepalive probes count as data). Also the sockets' read-idle timeout:
   * every link reads at least once per command timeout (its idle PING, the stream reader's block
   * time is capped at it), so only a socket nobody answers (a handshake to a silent peer) hits it.
   */
  public Duration tcpUserTimeout() {
    return commandTimeout.multipliedBy(2).plus(connectTimeout);
  }

  public RedisSettings withUrl(String newUrl) {
    return new RedisSettings(mode, newUrl, password, masterName, embedded, connectTimeout, commandTimeout,
        minReplicasAcks);
  }
}
