package docplanner.gateway.store;

import docplanner.gateway.config.ConfigException;
import docplanner.gateway.config.ConfigValues;
import docplanner.gateway.config.RedisSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Decides which Redis the gateway uses, at startup (blocking; the main thread, not an event loop):
 * the configured one when it answers, else, under {@code redis.embedded: auto} and when the URL
 * points at this machine, a {@code redis-server} of our own on that port. Never starts one for a
 * remote URL: a second Redis next to one that is merely down would split the replicas' state.
 */
public final class EmbeddedRedis {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedis.class);

  private EmbeddedRedis() {
  }

  /** The Redis to use: its URL, and the process we started (null when it is not ours). */
  public record Resolved(String url, RedisServerProcess process) {
  }

  public static Resolved resolve(RedisSettings settings) {
    if (settings.mode() != RedisSettings.Mode.STANDALONE) {
      // Sentinels and cluster nodes are found by the client; an embedded Redis could stand in for neither.
      return new Resolved(settings.url(), null);
    }
    URI uri = URI.create(settings.url());
    String host = uri.getHost() == null ? "127.0.0.1" : uri.getHost();
    int port = uri.getPort() < 0 ? 6379 : uri.getPort();
    int timeoutMs = (int) Math.min(settings.connectTimeout().toMillis(), 2000);
    if (settings.embedded() == RedisSettings.Embedded.ALWAYS) {
      return startEmbedded(0, "redis.embedded is always");
    }
    // A plain-TCP check; over TLS (rediss://) the client finds out by itself.
    String answer = uri.getScheme().equals("rediss") ? "" : probe(uri, host, port, settings.password(), timeoutMs);
    if (answer != null && answer.startsWith(RedisServerProcess.NOT_REDIS)) {
      String what = answer.substring(RedisServerProcess.NOT_REDIS.length());
      if (what.contains("Redis protocol")) {
        // Something else entirely listens there: a wrong port, not an outage.
        throw new ConfigException("the server at redis.url " + redacted(uri) + " does not speak the Redis protocol: "
            + what + ". Fix redis.url (GATEWAY_REDIS_URL)");
      }
      // Something listens but is silent (a hung Redis, a proxy without a backend): never start
      // a Redis of our own beside it; the links keep trying and say so.
      LOG.warn("the server at redis.url {}: {}; not starting an embedded Redis there. Pushes get 503 until it answers",
          redacted(uri), what);
      return new Resolved(settings.url(), null);
    }
    if (answer != null) {
      if (!answer.isEmpty()) {
        // Down is transient, refused credentials are a configuration error: say so now.
        throw new ConfigException("Redis at " + redacted(uri) + " refused the gateway: " + answer
            + " (set redis.password / GATEWAY_REDIS_PASSWORD, or the user and password in redis.url)");
      }
      return new Resolved(settings.url(), null);
    }
    if (settings.embedded() == RedisSettings.Embedded.NEVER) {
      LOG.warn("Redis does not answer at {} yet; pushes get 503 until it does (redis.embedded: never)", redacted(uri));
      return new Resolved(settings.url(), null);
    }
    if (!isLoopback(host)) {
      throw new ConfigException("no Redis answers at " + redacted(uri) + "; an embedded Redis is only started for a"
          + " local URL (127.0.0.1/localhost). Start Redis there, or fix redis.url (GATEWAY_REDIS_URL)");
    }
    return startEmbedded(port, "nothing answered at " + redacted(uri));
  }

  /** Credentials: redis.password, else the user info of the URL. */
  private static String probe(URI uri, String host, int port, String password, int timeoutMs) {
    String user = null;
    String secret = password;
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      String urlUser = java.net.URLDecoder.decode(colon < 0 ? userInfo : userInfo.substring(0, colon),
          java.nio.charset.StandardCharsets.UTF_8);
      String urlPassword = colon < 0 ? "" : java.net.URLDecoder.decode(userInfo.substring(colon + 1),
          java.nio.charset.StandardCharsets.UTF_8);
      if (secret.isEmpty()) {
        secret = colon < 0 ? urlUser : urlPassword;
        user = colon < 0 || urlUser.isEmpty() ? null : urlUser;
      }
    }
    return RedisServerProcess.probe(host, port, user, secret, timeoutMs);
  }

  private static Resolved startEmbedded(int port, String why) {
    try {
      RedisServerProcess process = RedisServerProcess.start(port);
      LOG.warn("{}: started an embedded Redis ({}, {}) at {}; it keeps nothing once the gateway stops."
              + " For production set redis.embedded: never and point redis.url at a real Redis.",
          why, RedisServerProcess.version(process.binary()), process.binary(), process.url());
      return new Resolved(process.url(), process);
    } catch (IOException e) {
      throw new ConfigException(why + ", and starting an embedded Redis failed: " + e.getMessage());
    }
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** The URL without its password, for log lines. */
  public static String redacted(URI uri) {
    return ConfigValues.withoutPassword(uri.toString());
  }
}
