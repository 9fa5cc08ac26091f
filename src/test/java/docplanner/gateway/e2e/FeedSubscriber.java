package docplanner.gateway.e2e;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A feed subscriber that never gives up: whenever its connection ends it reconnects (through the
 * load balancer) from the last id it received, and it records every event id it gets, in order,
 * with the duplicates and the out-of-order ones it saw. Given several ports (replicas without a
 * load balancer), each reconnect goes to the next one, so it resumes on another replica.
 */
public abstract class FeedSubscriber implements Runnable {

  public final String name;
  final String host;
  private final int[] ports;
  private volatile int sessions;
  private final List<String> ids = new ArrayList<>(8_192);
  private final Set<String> seen = new HashSet<>(16_384);
  private long lastMillis = -1;
  private long lastSeq = -1;
  public final AtomicInteger connections = new AtomicInteger();
  public volatile int duplicates;
  public volatile int disorder;
  public volatile int resets;
  public volatile boolean connected;
  volatile boolean stopped;

  protected FeedSubscriber(String name, String host, int... ports) {
    this.name = name;
    this.host = host;
    this.ports = ports.clone();
  }

  /** The port of the current (or next) session. */
  int port() {
    return ports[sessions % ports.length];
  }

  public abstract String protocol();

  /** Connects from {@code lastId} (null: all retained history) and reads until the connection ends. */
  protected abstract void session(String lastId) throws Exception;

  /** Closes the current connection (when stopping). */
  protected abstract void disconnect();

  @Override
  public void run() {
    while (!stopped) {
      try {
        session(lastId());
      } catch (Exception e) {
        // the replica went away or the load balancer closed the connection: come back below
      }
      connected = false;
      sessions++;
      if (!stopped) {
        sleep(150);
      }
    }
  }

  public void stop() {
    stopped = true;
    disconnect();
  }

  /** Records one event id (called from the reading thread only). */
  protected synchronized void received(String id) {
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

  public synchronized int count() {
    return ids.size();
  }

  public synchronized List<String> ids() {
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
