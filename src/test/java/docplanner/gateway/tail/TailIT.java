package docplanner.gateway.tail;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.JarRun;
import docplanner.gateway.support.Notifications;
import docplanner.gateway.support.PushClient;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code tail} as an operator runs it: the shipped jar as a process, reading a real gateway's feed.
 * Its stdout is exactly the envelopes, one per line; stopped with Ctrl-C and started again with its
 * checkpoint, it prints what came in between and after, nothing twice and nothing missed. In a
 * consumer group it acknowledges what it printed.
 */
class TailIT {

  static final AtomicInteger BOOKING = new AtomicInteger(7_000_000);

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  static Gateway gateway;
  static PushClient push;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    gateway = TestGateways.start(redis.url());
    push = TestGateways.pushClient(gateway);
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void printsJsonLinesAndResumesFromItsCheckpointWithoutLossOrDuplicates() throws Exception {
    Path checkpoint = dir.resolve("tail.checkpoint");
    List<String> before = push(10);
    List<String> printed = new ArrayList<>();
    try (JarRun tail = tail("--since", "0", "--checkpoint", checkpoint.toString())) {
      awaitLines(tail, 10);
      for (String line : tail.stdout()) {
        JsonObject envelope = new JsonObject(line);
        assertThat(envelope.getString("name")).isEqualTo("slot-booked");
        assertThat(envelope.getJsonObject("notification").getJsonObject("data")).isNotNull();
        printed.add(envelope.getString("id"));
      }
      assertThat(printed).containsExactlyElementsOf(before);
      assertThat(tail.stderr()).anyMatch(l -> l.startsWith("tail: following http://127.0.0.1:"));
      assertThat(tail.interrupt()).as("Ctrl-C is a clean exit").isZero();
    }
    assertThat(Files.readString(checkpoint).strip()).isEqualTo(before.get(before.size() - 1));

    List<String> whileAway = push(5);
    try (JarRun tail = tail("--since", "0", "--checkpoint", checkpoint.toString())) {
      awaitLines(tail, 5);
      List<String> live = push(3);
      awaitLines(tail, 8);
      List<String> after = tail.stdout().stream().map(l -> new JsonObject(l).getString("id")).toList();
      List<String> expected = new ArrayList<>(whileAway);
      expected.addAll(live);
      assertThat(after).as("what came while it was stopped, then live; the checkpoint beat --since 0").containsExactlyElementsOf(expected);
      assertThat(tail.stop()).as("SIGTERM is a clean exit too").isZero();
      assertThat(Files.readString(checkpoint).strip()).isEqualTo(live.get(live.size() - 1));
    }
    assertThat(redis.streamIds("docplanner:events")).hasSize(18);
  }

  @Test
  void maxAndFiltersBoundWhatIsPrintedAndARefusalExits2() throws Exception {
    push(2);
    try (JarRun tail = tail("--since", "0", "--names", "slot-booked", "--max", "2")) {
      assertThat(tail.exitCode(Duration.ofSeconds(20))).isZero();
      assertThat(tail.stdout()).hasSize(2);
    }
    try (JarRun tail = tail("--names", "booking-canceled", "--since", "0", "--max", "1")) {
      push(1);
      await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> tail.stdout().isEmpty());
    }
    try (JarRun tail = tail("--since", "not-an-id")) {
      assertThat(tail.exitCode(Duration.ofSeconds(20))).isEqualTo(2);
      assertThat(tail.stdout()).isEmpty();
      assertThat(String.join("\n", tail.stderr())).contains("answered 400").contains("invalid-since");
    }
    try (JarRun tail = tail("--consumer", "c1")) {
      assertThat(tail.exitCode(Duration.ofSeconds(20))).isEqualTo(2);
      assertThat(tail.stderr()).containsExactly("docplanner-gateway tail: --consumer needs --group (see tail --help)");
    }
  }

  @Test
  void inAGroupItPrintsItsShareAndAcksWhatItPrinted() throws Exception {
    try (JarRun tail = tail("--group", "ops", "--consumer", "operator-1", "--max", "3")) {
      await().atMost(Duration.ofSeconds(30)).until(() -> tail.stderr().contains("tail: subscribed to group ops as consumer operator-1"));
      List<String> pushed = push(3);
      assertThat(tail.exitCode(Duration.ofSeconds(30))).isZero();
      List<JsonObject> printed = tail.stdout().stream().map(JsonObject::new).toList();
      assertThat(printed).extracting(e -> e.getString("id")).containsExactlyElementsOf(pushed);
      assertThat(printed).allSatisfy(e -> {
        assertThat(e.getString("group")).isEqualTo("ops");
        assertThat(e.getInteger("deliveries")).isEqualTo(1);
      });
    }
    assertThat(redis.command("XPENDING", "docplanner:events", "ops")).as("every printed event was acked").startsWith("[0,");
  }

  JarRun tail(String... args) {
    List<String> command = new ArrayList<>(List.of("tail", "--url", "http://127.0.0.1:" + gateway.config().feed().port()));
    command.addAll(List.of(args));
    return JarRun.javaWithStdoutApart(dir, Map.of(), command.toArray(String[]::new));
  }

  static void awaitLines(JarRun tail, int count) {
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(tail.stdout()).as(String.join("\n", tail.stderr())).hasSize(count));
  }

  /** Pushes {@code count} distinct notifications; their stream ids, in order. */
  static List<String> push(int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      PushClient.Answer answer = push.push(Notifications.slotBooked(String.valueOf(BOOKING.incrementAndGet()), "1", "123"));
      assertThat(answer.status()).isEqualTo(200);
      ids.add(answer.json().getString("id"));
    }
    return ids;
  }
}
