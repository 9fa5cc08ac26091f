package docplanner.gateway.upstream;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** A name for this gateway in leases and status: the host (the pod name on Kubernetes) plus a random suffix. */
public final class ReplicaId {

  private ReplicaId() {
  }

  /** Blocking (may resolve the host name): call it at startup, not on an event loop. */
  public static String create() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        host = "gateway";
      }
    }
    String clean = host.replaceAll("[^A-Za-z0-9._-]", "_");
    if (clean.length() > 60) {
      clean = clean.substring(0, 60);
    }
    byte[] suffix = new byte[3];
    ThreadLocalRandom.current().nextBytes(suffix);
    return clean + "-" + HexFormat.of().formatHex(suffix);
  }
}
