package docplanner.gateway.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers this process starts itself (an embedded Redis, the tests' Redis servers and
 * gateways), chosen below the kernel's ephemeral range. A port the kernel hands out for a listener
 * that is closed again can also be given to an outgoing connection, such as a gateway's own to
 * Redis, between being chosen and being bound by the server it was chosen for: CI runs failed so
 * twice ("push.port ... is already in use"). Below the ephemeral range the kernel never picks a
 * port by itself; a port is checked free when chosen and never given twice by this process (a
 * server given one may not listen yet).
 */
public final class FreePorts {

  /** Where the search starts: above the ports commonly configured for services. */
  static final int LOWEST = 20_000;
  /** Linux's default start of the ephemeral range, used when the kernel's setting cannot be read. */
  static final int DEFAULT_EPHEMERAL_START = 32_768;
  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

  private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

  private FreePorts() {
  }

  /** A port nothing listens on, not given before by this process (blocking: reads a kernel setting). */
  public static int next() throws IOException {
    int below = ephemeralStart();
    if (below - LOWEST >= 1_000) {
      for (int attempt = 0; attempt < 200; attempt++) {
        int port = LOWEST + ThreadLocalRandom.current().nextInt(below - LOWEST);
        if (GIVEN.add(port) && bindable(port)) {
          return port;
        }
      }
    }
    // An unusual range (or a crowded one): let the kernel choose, as before.
    for (int attempt = 0; attempt < 50; attempt++) {
      try (ServerSocket socket = new ServerSocket(0)) {
        if (GIVEN.add(socket.getLocalPort())) {
          return socket.getLocalPort();
        }
      }
    }
    throw new IOException("no free port found");
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket(port)) { // the wildcard address: taken on any address fails
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  /** The first port of the kernel's ephemeral range ({@code ip_local_port_range}), or Linux's default. */
  static int ephemeralStart() {
    // A line reader, not Files.readString: procfs reports a size of 0, and on Java 17 readString
    // then returns the file's first byte only ("3").
    try (BufferedReader reader = Files.newBufferedReader(EPHEMERAL_RANGE, StandardCharsets.US_ASCII)) {
      String range = reader.readLine();
      return Integer.parseInt(range.trim().split("\\s+")[0]);
    } catch (IOException | RuntimeException unreadable) {
      return DEFAULT_EPHEMERAL_START;
    }
  }
}
