package docplanner.gateway.e2e;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A feed subscriber that never gives up: whenever its connection ends it reconnects (through the
 * load balancer) from the last id it received, and it records every event id it gets, in order,
 * with the duplicates and the out-of-order ones it saw.
 */
abstract class FeedSubscriber implements Runnable {

  final String name;
  final String host;
  final int port;
  private final List<String> ids = new ArrayList<>(8_192);
  private final Set<String> seen = new HashSet<>(16_384);
  private long lastMillis = -1;
  private long lastSeq = -1;
  final AtomicInteger connections = new AtomicInteger();
  volatile int duplicates;
  volatile int disorder;
  volatile int resets;
  volatile boolean connected;
  volatile boolean stopped;

  FeedSubscriber(String name, String host, int port) {
    this.name = name;
    this.host = host;
    this.port = port;
  }

  abstract String protocol();

  /** Connects from {@code lastId} (null: all retained history) and reads until the connection ends. */
  abstract void session(String lastId) throws Exception;

  /** Closes the current connection (when stopping). */
  abstract void disconnect();

  @Override
  public void run() {
    while (!stopped) {
      try {
        session(lastId());
      } catch (Exception e) {
        // the replica went away or the load balancer closed the connection: come back below
      }
      connected = false;
      if (!stopped) {
        sleep(150);
      }
    }
  }

  void stop() {
    stopped = true;
    disconnect();
  }

  /** Records one event id (called from the reading thread only). */
  synchronized void received(String id) {
    if (!seen.add(id)) {
      duplicates++;
      return;
    }
    int dash = id.indexOf('-');
    long millis = Long.parseLong(id.substring(0, dash));
    long seq = Long.parseLong(id.substring(dash + 1));
    if (millis < lastMillis || millis == lastMillis && seq <= lastSeq) {
      disorder++;
    }
    lastMillis = millis;
    lastSeq = seq;
    ids.add(id);
  }

  synchronized String lastId() {
    return ids.isEmpty() ? null : ids.get(ids.size() - 1);
  }

  synchronized int count() {
    return ids.size();
  }

  synchronized List<String> ids() {
    return new ArrayList<>(ids);
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
