package docplanner.gateway.support.groups;

import docplanner.gateway.Gateway;
import docplanner.gateway.e2e.Pusher;
import docplanner.gateway.e2e.SlotBookedEvents;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unique slot-booked pushes for the group tests, spread over the given push endpoints (replicas)
 * and retried until acknowledged ({@link Pusher}), in a thread of their own so a test can inject a
 * fault meanwhile.
 */
public final class GroupPushes {

  private final Pusher pusher;
  private final int events;
  private final Thread thread;

  private GroupPushes(List<URI> endpoints, int events, double perSecond) {
    this.pusher = new Pusher(endpoints, new SlotBookedEvents(System.nanoTime()), events, perSecond);
    this.events = events;
    this.thread = new Thread(() -> {
      try {
        pusher.run(8, System.currentTimeMillis() + 45_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "group-pushes");
    this.thread.setDaemon(true);
  }

  /** Starts pushing {@code events} at {@code perSecond} to the push ports. */
  public static GroupPushes start(int events, double perSecond, int... pushPorts) {
    List<URI> endpoints = Arrays.stream(pushPorts)
        .mapToObj(p -> URI.create("http://127.0.0.1:" + p + "/docplanner/notifications")).toList();
    GroupPushes pushes = new GroupPushes(endpoints, events, perSecond);
    pushes.thread.start();
    return pushes;
  }

  public static int pushPort(Gateway gateway) {
    return gateway.config().push().port();
  }

  public int acked() {
    return pusher.ackedCount();
  }

  /** Pushes sent again after a 502/503/504 or a broken connection. */
  public int retries() {
    return pusher.retries.get();
  }

  /** Waits for every push to be acknowledged; returns the stream ids in push order. */
  public List<String> awaitAll() throws InterruptedException {
    thread.join(60_000);
    assertThat(pusher.ackedCount()).as("pushes acknowledged (failures %s)", pusher.failures.get()).isEqualTo(events);
    return new ArrayList<>(new TreeMap<>(pusher.acked).values());
  }
}
