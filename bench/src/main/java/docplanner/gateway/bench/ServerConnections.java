package docplanner.gateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How a server's established connections on one local port are spread over its processes, from
 * {@code /proc/net/tcp{,6}} (connection → socket inode) and {@code /proc/<pid>/fd} (inode → process).
 *
 * <p>The fan-out case reads it once the subscribers are streaming and before the publisher starts,
 * so the count is the subscribers'. A gateway is one process (Vert.x deals its connections to the
 * feed loops in turn, half each on two cores). nginx is a process per worker, and which worker
 * takes a connection is the kernel's and nginx's choice: with {@code multi_accept on} the worker
 * that wakes first takes the whole burst, so Nchan's subscribers can all be written by one worker
 * while the other core is free for whoever reads them (docs/performance.md, twenty-seventh round).
 */
final class ServerConnections {

  private static final String ESTABLISHED = "01";

  private ServerConnections() {
  }

  /**
   * The count per process of {@code pids}, highest first, joined with "+" (e.g. "98+2"), processes
   * with none left out; "n/a" when /proc cannot be read.
   */
  static String spread(long[] pids, int port) {
    try {
      Set<String> sockets = establishedSockets(port);
      List<Long> counts = new ArrayList<>();
      for (long pid : pids) {
        long count = socketsOf(pid).stream().filter(sockets::contains).count();
        if (count > 0) {
          counts.add(count);
        }
      }
      return counts.isEmpty() ? "0" : counts.stream().sorted((a, b) -> Long.compare(b, a)).map(String::valueOf)
          .collect(Collectors.joining("+"));
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  /** The inodes of established TCP sockets whose local port is {@code port}. */
  private static Set<String> establishedSockets(int port) throws IOException {
    String local = String.format(Locale.ROOT, ":%04X", port);
    Set<String> inodes = new HashSet<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path file = Path.of(table);
      if (!Files.exists(file)) {
        continue;
      }
      for (String line : Files.readAllLines(file)) {
        // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
        String[] f = line.trim().split("\\s+");
        if (f.length > 9 && f[1].endsWith(local) && ESTABLISHED.equals(f[3])) {
          inodes.add(f[9]);
        }
      }
    }
    return inodes;
  }

  /** The socket inodes a process holds open. */
  private static Set<String> socketsOf(long pid) throws IOException {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        String link;
        try {
          link = Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
          continue; // closed since it was listed
        }
        if (link.startsWith("socket:[")) {
          inodes.add(link.substring(8, link.length() - 1));
        }
      }
    }
    return inodes;
  }
}
