package docplanner.gateway.http;

import docplanner.gateway.web.Cidr;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open connections on one port, across its server instances (event loops): at most {@code max} in
 * all and {@code perSource} from one peer address, so that idle or trickling clients cannot use up
 * the process's file descriptors, nor one client every slot. Thread-safe.
 */
final class ConnectionLimit {

  private final int max;
  private final int perSource;
  private final List<Cidr> exempt;
  private final AtomicInteger open = new AtomicInteger();
  private final ConcurrentHashMap<String, Integer> bySource = new ConcurrentHashMap<>();

  /**
   * @param perSource 0: no per-address limit
   * @param exempt    peers not limited per address (trusted proxies: every client arrives through them)
   */
  ConnectionLimit(int max, int perSource, List<Cidr> exempt) {
    this.max = max;
    this.perSource = perSource;
    this.exempt = exempt;
  }

  /** Counts a new connection from {@code peer}; false (and nothing counted) when over a limit. */
  boolean admit(String peer) {
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      return false;
    }
    if (countsPerSource(peer) && bySource.merge(peer, 1, Integer::sum) > perSource) {
      forget(peer);
      open.decrementAndGet();
      return false;
    }
    return true;
  }

  /** The admitted connection from {@code peer} closed. */
  void closed(String peer) {
    if (countsPerSource(peer)) {
      forget(peer);
    }
    open.decrementAndGet();
  }

  int open() {
    return open.get();
  }

  private void forget(String peer) {
    bySource.computeIfPresent(peer, (k, n) -> n <= 1 ? null : n - 1);
  }

  private boolean countsPerSource(String peer) {
    return perSource > 0 && peer != null && !Cidr.any(exempt, peer);
  }
}
