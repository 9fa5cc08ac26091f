package docplanner.gateway.e2e;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The scale-out check run by {@code e2e/run}: three gateway replicas behind nginx, one Redis. It
 * pushes unique events through the load balancer while SSE and WebSocket subscribers, spread over
 * the replicas by the load balancer, listen; kills one replica with SIGKILL in the middle, then
 * restarts all three one at a time with SIGTERM. Every subscriber must end with every event of the
 * stream exactly once, in order, and every acknowledged push must be in the stream. Prints one
 * summary line; exit status 0 only when nothing was lost, duplicated or out of order.
 *
 * <p>Arguments (all {@code --name value}): jar, redis-url, lb-push-port, lb-feed-port, push-ports
 * (comma-separated), feed-ports, work, events, sse, ws, rate (pushes per second), time-limit (s).
 */
public final class ScaleOutDriver {

  private ScaleOutDriver() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> a = arguments(args);
    long started = System.currentTimeMillis();
    long deadline = started + Long.parseLong(a.getOrDefault("time-limit", "200")) * 1000;
    int events = Integer.parseInt(a.getOrDefault("events", "5000"));
    int sseCount = Integer.parseInt(a.getOrDefault("sse", "15"));
    int wsCount = Integer.parseInt(a.getOrDefault("ws", "15"));
    double rate = Double.parseDouble(a.getOrDefault("rate", "90"));
    int lbPush = Integer.parseInt(a.get("lb-push-port"));
    int lbFeed = Integer.parseInt(a.get("lb-feed-port"));
    List<String> problems = new ArrayList<>();

    try (Replicas replicas = new Replicas(Path.of(a.get("jar")), a.get("redis-url"), ports(a.get("push-ports")),
        ports(a.get("feed-ports")), Path.of(a.get("work")))) {
      for (int i = 0; i < replicas.size(); i++) {
        replicas.start(i);
      }
      for (int i = 0; i < replicas.size(); i++) {
        require(replicas.awaitReady(i, 60_000), "replica " + (i + 1) + " did not become ready");
      }
      require(awaitStatus(lbFeed, "/health/ready", 200, 20_000), "the load balancer does not reach the replicas");

      List<FeedSubscriber> subscribers = new ArrayList<>();
      int sseMade = 0;
      int wsMade = 0;
      for (int i = 0; i < sseCount + wsCount; i++) {
        // Alternate the protocols, so the load balancer's round robin gives every replica both.
        boolean sse = wsMade >= wsCount || i % 2 == 0 && sseMade < sseCount;
        FeedSubscriber s = sse ? new SseSubscriber("sse-" + sseMade++, "127.0.0.1", lbFeed)
            : new WsSubscriber("ws-" + wsMade++, "127.0.0.1", lbFeed);
        subscribers.add(s);
        Thread thread = new Thread(s, s.name);
        thread.setDaemon(true);
        thread.start();
      }
      require(await(() -> subscribers.stream().allMatch(s -> s.connected), 30_000), "subscribers did not all connect");
      // A subscriber counts once it is registered by a replica: wait until the replicas report them all.
      List<Integer> spread = new ArrayList<>();
      await(() -> {
        spread.clear();
        for (int i = 0; i < replicas.size(); i++) {
          spread.add(replicas.subscribers(i));
        }
        return spread.stream().mapToInt(Integer::intValue).sum() >= subscribers.size();
      }, 15_000);
      require(spread.stream().allMatch(n -> n > 0), "subscribers are not spread over every replica: " + spread);
      String spreadText = spread.toString().replace(", ", "/").replace("[", "").replace("]", "");

      Pusher pusher = new Pusher(URI.create("http://127.0.0.1:" + lbPush + "/docplanner/notifications"),
          new SlotBookedEvents(started), events, rate);
      int killAt = events / 5;
      int rollAt = 2 * events / 5;
      int holdAt = 4 * events / 5;
      AtomicBoolean chaosDone = new AtomicBoolean();
      pusher.gate(n -> n < holdAt || chaosDone.get());
      Thread pushing = new Thread(() -> {
        try {
          pusher.run(8, deadline - 45_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "pusher");
      pushing.start();

      // SIGKILL one replica in the middle of the pushes; it comes back as a new process.
      await(() -> pusher.ackedCount() >= killAt, deadline - System.currentTimeMillis());
      replicas.kill(1);
      replicas.start(1);
      require(replicas.awaitReady(1, 60_000), "replica 2 did not come back after SIGKILL");

      // Rolling restart: SIGTERM one at a time, each back and ready before the next.
      await(() -> pusher.ackedCount() >= rollAt, deadline - System.currentTimeMillis());
      List<Integer> exitCodes = new ArrayList<>();
      for (int i = 0; i < replicas.size(); i++) {
        exitCodes.add(replicas.terminate(i, 20_000));
        replicas.start(i);
        require(replicas.awaitReady(i, 60_000), "replica " + (i + 1) + " did not come back after SIGTERM");
      }
      chaosDone.set(true);
      if (exitCodes.stream().anyMatch(c -> c != 0)) {
        problems.add("a replica did not exit 0 on SIGTERM: " + exitCodes);
      }
      pushing.join(Math.max(1, deadline - 40_000 - System.currentTimeMillis()));

      // The stream as it ends up, read from the start through the load balancer.
      SseSubscriber stream = new SseSubscriber("verifier", "127.0.0.1", lbFeed);
      Thread reading = new Thread(stream, "verifier");
      reading.setDaemon(true);
      reading.start();
      await(() -> stream.count() >= events, 30_000);
      FeedSubscriber.sleep(500); // anything beyond the expected count would show now
      List<String> streamIds = stream.ids();
      await(() -> subscribers.stream().allMatch(s -> s.count() >= streamIds.size()), 30_000);
      FeedSubscriber.sleep(500);
      subscribers.forEach(FeedSubscriber::stop);
      stream.stop();

      Set<String> inStream = new HashSet<>(streamIds);
      long ackedMissing = pusher.acked.values().stream().filter(id -> !inStream.contains(id)).count();
      if (streamIds.size() != events) {
        problems.add("the stream holds " + streamIds.size() + " entries for " + events + " distinct events");
      }
      if (pusher.ackedCount() != events) {
        problems.add((events - pusher.ackedCount()) + " pushes never acknowledged");
      }
      if (ackedMissing > 0) {
        problems.add(ackedMissing + " acknowledged pushes are missing from the stream");
      }
      long delivered = 0;
      long lost = 0;
      long duplicates = 0;
      long disorder = 0;
      long resets = stream.resets;
      long reconnects = 0;
      for (FeedSubscriber s : subscribers) {
        List<String> got = s.ids();
        delivered += got.size();
        Set<String> gotSet = new HashSet<>(got);
        lost += streamIds.stream().filter(id -> !gotSet.contains(id)).count();
        duplicates += s.duplicates;
        disorder += s.disorder;
        if (s.disorder == 0 && !got.equals(streamIds.subList(0, Math.min(got.size(), streamIds.size())))) {
          disorder++; // same ids, different order than the stream's
        }
        resets += s.resets;
        reconnects += s.connections.get() - 1;
      }
      long sse = subscribers.stream().filter(s -> s instanceof SseSubscriber).count();
      String summary = String.format("e2e: pushed=%d acked=%d push_retries=%d acked_as_duplicate=%d stream=%d"
              + " subscribers=%d (sse=%d ws=%d, spread=%s) delivered=%d lost=%d duplicates=%d disorder=%d resets=%d"
              + " reconnects=%d sigkill=1 rolling_restarts=%d exit_codes=%s acked_missing=%d seconds=%d",
          events, pusher.ackedCount(), pusher.retries.get(), pusher.ackedDuplicates.get(), streamIds.size(),
          subscribers.size(), sse, subscribers.size() - sse, spreadText, delivered, lost, duplicates, disorder,
          resets, reconnects, exitCodes.size(), exitCodes.toString().replace(" ", ""), ackedMissing,
          (System.currentTimeMillis() - started) / 1000);
      System.out.println(summary);
      if (lost + duplicates + disorder + resets > 0) {
        problems.add("subscribers: lost=" + lost + " duplicates=" + duplicates + " disorder=" + disorder
            + " resets=" + resets);
      }
      if (reconnects < 1) {
        problems.add("no subscriber had to reconnect: the kill and restarts did not reach them");
      }
    } catch (IllegalStateException e) {
      problems.add(e.getMessage());
    }
    if (!problems.isEmpty()) {
      problems.forEach(p -> System.out.println("e2e: FAILED: " + p));
      System.exit(1);
    }
    System.out.println("e2e: OK");
    System.exit(0);
  }

  private static void require(boolean condition, String problem) {
    if (!condition) {
      throw new IllegalStateException(problem);
    }
  }

  private static boolean await(java.util.function.BooleanSupplier condition, long timeoutMs) {
    long deadline = System.currentTimeMillis() + Math.max(0, timeoutMs);
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        return false;
      }
      FeedSubscriber.sleep(50);
    }
    return true;
  }

  private static boolean awaitStatus(int port, String path, int status, long timeoutMs) {
    return await(() -> Replicas.status(port, path) == status, timeoutMs);
  }

  private static int[] ports(String list) {
    return java.util.Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
  }

  private static Map<String, String> arguments(String[] args) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
      }
      out.put(args[i].substring(2), args[i + 1]);
    }
    return out;
  }
}
