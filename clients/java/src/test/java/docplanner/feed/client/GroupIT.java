package docplanner.feed.client;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Consumer groups on the real gateway: two consumers (one SSE, one WebSocket) share a group's
 * events, each once, all acknowledged; a handler that throws gets the event again (nack), counted
 * in {@code deliveries}; a manual consumer that went away without acking gets its pending events
 * first when it comes back under its name; and the README's example (examples/java/GroupConsumer.java)
 * runs as a process.
 */
class GroupIT {

  @TempDir
  static Path dir;

  static RealGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    // A long visibility timeout: whatever comes again here comes from a nack or a reconnection, not a timeout.
    gateway = new RealGateway(dir, Map.of("GATEWAY_GROUPS_VISIBILITY_TIMEOUT", "60s"));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void twoConsumersShareTheEventsEachOnceAndAckThemAll() throws Exception {
    Map<String, String> byConsumer = new ConcurrentHashMap<>();
    BlockingQueue<FeedEvent> received = new LinkedBlockingQueue<>();
    BlockingQueue<String> subscribed = new LinkedBlockingQueue<>();
    try (FeedClient sse = member("billing", Transport.SSE, "billing-1", subscribed, (event, ack) -> {
          byConsumer.merge("billing-1", event.id() + " ", String::concat);
          received.add(event);
        });
        FeedClient ws = member("billing", Transport.WEBSOCKET, null, subscribed, (event, ack) -> {
          byConsumer.merge("generated", event.id() + " ", String::concat);
          received.add(event);
        })) {
      Set<String> names = Set.of(take(subscribed), take(subscribed));
      assertEquals(Set.of("billing-1", ws.consumer().orElse("?")), names);
      assertTrue(ws.consumer().orElseThrow().startsWith("c-"), "a generated name: " + ws.consumer());

      List<String> pushed = gateway.push(40);
      List<String> got = new ArrayList<>();
      for (int i = 0; i < pushed.size(); i++) {
        FeedEvent event = poll(received);
        assertEquals("billing", event.group().orElseThrow());
        assertEquals(1, event.deliveries());
        got.add(event.id());
      }
      assertEquals(new HashSet<>(pushed), new HashSet<>(got));
      assertEquals(pushed.size(), got.size(), "each once");
      assertTrue(byConsumer.size() == 2, "both consumers got a share: " + byConsumer);
      awaitNothingPending("billing");
      assertNull(received.poll(300, TimeUnit.MILLISECONDS));
    }
  }

  @Test
  void aHandlerThatThrowsGetsTheEventAgainWithItsDeliveryCount() throws Exception {
    BlockingQueue<FeedEvent> received = new LinkedBlockingQueue<>();
    BlockingQueue<String> subscribed = new LinkedBlockingQueue<>();
    try (FeedClient client = member("audit", Transport.WEBSOCKET, "audit-1", subscribed, (event, ack) -> {
      received.add(event);
      if (event.deliveries() == 1) {
        throw new IllegalStateException("first time never works");
      }
    })) {
      take(subscribed);
      List<String> pushed = gateway.push(3);
      Map<String, List<Integer>> deliveries = new HashMap<>();
      for (int i = 0; i < 6; i++) {
        FeedEvent event = poll(received);
        deliveries.computeIfAbsent(event.id(), id -> new ArrayList<>()).add(event.deliveries());
      }
      assertEquals(Set.copyOf(pushed), deliveries.keySet());
      deliveries.values().forEach(counts -> assertEquals(List.of(1, 2), counts));
      awaitNothingPending("audit");
    }
  }

  @Test
  void aManualConsumerBackUnderItsNameGetsWhatItLeftUnackedFirst() throws Exception {
    BlockingQueue<FeedEvent> received = new LinkedBlockingQueue<>();
    BlockingQueue<Ack> acks = new LinkedBlockingQueue<>();
    BlockingQueue<String> subscribed = new LinkedBlockingQueue<>();
    List<String> pushed;
    try (FeedClient first = manual("reports", subscribed, received, acks)) {
      take(subscribed);
      pushed = gateway.push(3);
      for (int i = 0; i < 3; i++) {
        poll(received);
      }
      acks.take().ack(); // only the first one
    }
    received.clear();
    acks.clear();
    try (FeedClient again = manual("reports", subscribed, received, acks)) {
      take(subscribed);
      List<String> redelivered = List.of(poll(received).id(), poll(received).id());
      assertEquals(pushed.subList(1, 3), redelivered);
      List<String> newOnes = gateway.push(1);
      FeedEvent fresh = poll(received);
      assertEquals(newOnes.get(0), fresh.id());
      assertEquals(1, fresh.deliveries());
      for (Ack ack = acks.poll(); ack != null; ack = acks.poll()) {
        ack.ack();
      }
      awaitNothingPending("reports");
    }
  }

  @Test
  void theReadmeExampleConsumesAsAGroupMember() throws Exception {
    Path example = Path.of("../../examples/java/GroupConsumer.java").toAbsolutePath().normalize();
    Path classes = Path.of("target/classes").toAbsolutePath();
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classes.toString(), example.toString())
        .redirectOutput(dir.resolve("example.out").toFile()).redirectError(dir.resolve("example.err").toFile());
    builder.environment().putAll(Map.of("FEED_URL", gateway.feedUrl(), "GROUP", "example", "CONSUMER", "replica-a",
        "MAX_EVENTS", "2"));
    Process run = builder.start();
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> read("example.err").contains("subscribed as replica-a") || !run.isAlive());
      List<String> pushed = gateway.push(2);
      assertTrue(run.waitFor(60, TimeUnit.SECONDS), "the example stops after MAX_EVENTS\n" + read("example.err"));
      assertEquals(0, run.exitValue(), read("example.err"));
      List<String> lines = read("example.out").lines().toList();
      assertEquals(2, lines.size(), String.join("\n", lines));
      for (int i = 0; i < 2; i++) {
        assertTrue(lines.get(i).matches("handled " + pushed.get(i) + " slot-booked visit \\d+ deliveries=1"), lines.get(i));
      }
      awaitNothingPending("example");
    } finally {
      run.destroyForcibly();
    }
  }

  FeedClient member(String group, Transport transport, String consumer, BlockingQueue<String> subscribed, EventHandler handler) {
    FeedClient.Builder builder = FeedClient.builder(gateway.feedUrl()).transport(transport).group(group)
        .backoff(Duration.ofMillis(50), Duration.ofMillis(500)).onSubscribed(subscribed::add).onError(error -> { });
    if (consumer != null) {
      builder.consumer(consumer);
    }
    return builder.start(handler);
  }

  FeedClient manual(String group, BlockingQueue<String> subscribed, BlockingQueue<FeedEvent> received, BlockingQueue<Ack> acks) {
    return FeedClient.builder(gateway.feedUrl()).group(group).consumer("reports-1").ackMode(AckMode.MANUAL)
        .backoff(Duration.ofMillis(50), Duration.ofMillis(500)).onSubscribed(subscribed::add).onError(error -> { })
        .start((event, ack) -> {
          received.add(event);
          acks.add(ack);
        });
  }

  /** XPENDING's count for the group reaches 0: every delivery was acknowledged. */
  static void awaitNothingPending(String group) {
    await().atMost(Duration.ofSeconds(20)).until(() -> gateway.redisCli("XPENDING", RealGateway.STREAM, group).lines().findFirst().orElse(""),
        count -> count.equals("0"));
  }

  static String read(String file) throws Exception {
    Path path = dir.resolve(file);
    return Files.exists(path) ? Files.readString(path, StandardCharsets.UTF_8) : "";
  }

  static <T> T take(BlockingQueue<T> queue) throws InterruptedException {
    T next = queue.poll(30, TimeUnit.SECONDS);
    assertNotNull(next, "within 30 s");
    return next;
  }

  static FeedEvent poll(BlockingQueue<FeedEvent> queue) throws InterruptedException {
    return take(queue);
  }
}
