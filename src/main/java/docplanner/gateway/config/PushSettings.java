package docplanner.gateway.config;

import docplanner.gateway.web.Cidr;

import java.time.Duration;
import java.util.List;

/** The endpoint Docplanner pushes to. */
public record PushSettings(
    String host,
    int port,
    String path,
    String token,
    List<String> allowedSources,
    List<String> trustedProxies,
    int maxBody,
    Duration storeTimeout,
    Duration idleTimeout,
    int instances) {

  static PushSettings from(ConfigValues v) {
    String path = v.string("push.path");
    if (!path.startsWith("/") || path.length() > 1 && path.endsWith("/")) {
      throw ConfigValues.bad("push.path", path, "a path starting with / and not ending with /");
    }
    String token = v.string("push.token");
    if (!token.isEmpty() && !token.matches("[A-Za-z0-9._~-]+")) {
      throw ConfigValues.bad("push.token", "***", "letters, digits and . _ ~ - only (it is a path segment)");
    }
    return new PushSettings(
        v.string("push.host"),
        v.port("push.port"),
        path,
        token,
        networks(v, "push.allowed-sources"),
        networks(v, "push.trusted-proxies"),
        v.bytes("push.max-body"),
        v.positiveDuration("push.store-timeout"),
        v.positiveDuration("push.idle-timeout"),
        v.integer("push.instances", 0, 64));
  }

  static List<String> networks(ConfigValues v, String key) {
    List<String> values = v.list(key);
    for (String value : values) {
      try {
        Cidr.parse(value);
      } catch (IllegalArgumentException e) {
        throw ConfigValues.bad(key, value, "IP addresses or CIDRs such as 203.0.113.0/24 (" + e.getMessage() + ")");
      }
    }
    return values;
  }

  /** The path Docplanner must be given: {@code path} or {@code path/token}. */
  public String endpointPath() {
    return token.isEmpty() ? path : path + "/" + token;
  }

  public PushSettings withPort(int newPort) {
    return new PushSettings(host, newPort, path, token, allowedSources, trustedProxies, maxBody, storeTimeout,
        idleTimeout, instances);
  }
}
