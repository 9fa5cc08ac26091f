package docplanner.gateway.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The ports the process listens on, named by their keys so that a clash or a port already taken
 * is reported as one line that says which key (and env variable) to change, not as a bind stack
 * trace from deep inside Netty.
 */
public final class Ports {

  private Ports() {
  }

  /** A port one of our servers binds: its key, value and interface. */
  public record Claim(String key, int port, String host) {

    /** Two claims clash when they name the same fixed port on overlapping interfaces. */
    boolean clashesWith(Claim other) {
      return port != 0 && port == other.port && (host.equals(other.host) || wildcard(host) || wildcard(other.host));
    }

    private static boolean wildcard(String host) {
      return host.isEmpty() || host.equals("0.0.0.0") || host.equals("::");
    }

    String named() {
      return key + " (" + ConfigLoader.envName(key) + ")";
    }
  }

  public static Claim push(GatewayConfig config) {
    return new Claim("push.port", config.push().port(), config.push().host());
  }

  public static Claim feed(GatewayConfig config) {
    return new Claim("feed.port", config.feed().port(), config.feed().host());
  }

  public static Claim sandbox(SandboxSettings sandbox) {
    return new Claim("sandbox.port", sandbox.port(), sandbox.host());
  }

  /** Refuses (one line) two servers configured on the same port: the second would fail to bind anyway. */
  public static void requireDistinct(Claim... claims) {
    List<Claim> seen = new ArrayList<>();
    for (Claim claim : claims) {
      for (Claim earlier : seen) {
        if (claim.clashesWith(earlier)) {
          throw new ConfigException(earlier.named() + " and " + claim.named() + " are both " + claim.port
              + ": give each server its own port");
        }
      }
      seen.add(claim);
    }
  }

  /**
   * The error for a server that could not start: a one-line {@link ConfigException} when its port
   * is taken, else {@code failure} itself.
   */
  public static RuntimeException startFailure(Claim claim, RuntimeException failure) {
    if (claim.port != 0 && addressInUse(failure)) {
      return new ConfigException(claim.key + " " + claim.port + " (" + ConfigLoader.envName(claim.key)
          + ") is already in use: stop what listens there, or choose another port");
    }
    return failure;
  }

  /**
   * Netty's NIO transport throws a BindException, its epoll transport an IOException, both with the
   * errno text; another bind failure (an address not on this machine) keeps its own message.
   */
  static boolean addressInUse(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }
}
