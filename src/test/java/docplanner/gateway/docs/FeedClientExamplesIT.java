package docplanner.gateway.docs;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.Examples;
import docplanner.gateway.support.PushClient;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The feed clients in examples/ (Java SSE, Java WebSocket, Node) run as real processes against a
 * real gateway that requires a token: each reads what is retained, resumes after a restart from
 * the id it saved (getting exactly the new events), and reports a reset for an id the stream never had.
 */
class FeedClientExamplesIT {

  static final String TOKEN = "example-token";
  static final AtomicInteger UNIQUE = new AtomicInteger();

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  static Gateway gateway;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    gateway = TestGateways.start(redis.url(), Map.of("feed.tokens", TOKEN));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"java-sse", "java-ws", "node"})
  void theClientReadsResumesAndHandlesAReset(String client) throws Exception {
    if (client.equals("node")) {
      Assumptions.assumeTrue(onPath("node"), "node is not installed (.ci/run installs it)");
    }
    Path state = dir.resolve("last-event-id.txt");
    push(3);
    List<String> all = redis.streamIds("docplanner:events");

    // first start: no saved id, so everything retained, in order; the last id is saved
    assertThat(eventIds(run(client, state, all.size()))).containsExactlyElementsOf(all);
    assertThat(Files.readString(state).strip()).isEqualTo(all.get(all.size() - 1));

    // restart: exactly what came since
    List<String> added = push(2);
    assertThat(eventIds(run(client, state, 2))).containsExactlyElementsOf(added);

    // an id the stream never had: a reset, then everything retained
    List<String> now = redis.streamIds("docplanner:events");
    Files.writeString(state, (Long.parseLong(now.get(now.size() - 1).split("-")[0]) + 60_000) + "-0");
    List<String> lines = run(client, state, now.size());
    assertThat(lines.get(0)).startsWith("reset ").contains("\"unknown\"");
    assertThat(eventIds(lines)).containsExactlyElementsOf(now);
  }

  private List<String> run(String client, Path state, int maxEvents) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    int port = gateway.config().feed().port();
    Map<String, String> env = new HashMap<>();
    env.put("FEED_TOKEN", TOKEN);
    env.put("STATE_FILE", state.toString());
    env.put("MAX_EVENTS", String.valueOf(maxEvents));
    List<String> command = switch (client) {
      case "java-sse" -> {
        env.put("FEED_URL", "http://127.0.0.1:" + port + "/events");
        yield List.of(java, "examples/java/SseConsumer.java");
      }
      case "java-ws" -> {
        env.put("FEED_WS_URL", "ws://127.0.0.1:" + port + "/events/ws");
        yield List.of(java, "examples/java/WebSocketConsumer.java");
      }
      default -> {
        env.put("FEED_URL", "http://127.0.0.1:" + port + "/events");
        yield List.of("node", "examples/node/sse-consumer.mjs");
      }
    };
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(dir.resolve(client + ".out").toFile())
        .redirectError(dir.resolve(client + ".err").toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    boolean exited = process.waitFor(60, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly();
    }
    String err = Files.readString(dir.resolve(client + ".err"));
    assertThat(exited).as(client + " still running; stderr: " + err).isTrue();
    assertThat(process.exitValue()).as(client + " stderr: " + err).isZero();
    return Files.readString(dir.resolve(client + ".out"), StandardCharsets.UTF_8).lines().toList();
  }

  private static List<String> eventIds(List<String> lines) {
    return lines.stream().filter(l -> l.startsWith("event ")).map(l -> l.split(" ")[1]).toList();
  }

  private static List<String> push(int n) {
    PushClient push = TestGateways.pushClient(gateway);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      JsonObject body = new JsonObject(Examples.read("slot-booked.json"));
      body.getJsonObject("data").getJsonObject("visit_booking").put("id", "client-" + UNIQUE.incrementAndGet());
      PushClient.Answer answer = push.push(body.encode());
      assertThat(answer.status()).isEqualTo(200);
      ids.add(answer.json().getString("id"));
    }
    return ids;
  }

  static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
