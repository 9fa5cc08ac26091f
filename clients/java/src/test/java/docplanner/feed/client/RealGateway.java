package docplanner.feed.client;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway as it ships: its jar ({@code -Dgateway.jar}, built by the repository's
 * {@code mvn package}) as a process on free ports, against a redis-server of its own (from PATH).
 * Tests push notifications over HTTP and can restart the gateway on the same ports and Redis.
 */
final class RealGateway implements AutoCloseable {

  static final String STREAM = "docplanner:events";
  private static final AtomicInteger BOOKING = new AtomicInteger(5_000_000);
  private static final java.util.Random PORTS = new java.util.Random();
  private static final java.util.Set<Integer> GIVEN = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

  final int redisPort = freePort();
  final int pushPort = freePort();
  final int feedPort = freePort();
  private final Path jar;
  private final Path dir;
  private final Map<String, String> extraEnv;
  private final Process redis;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private Process gateway;

  /** Skips the calling test (with the reason) when the jar was not built. */
  RealGateway(Path dir, Map<String, String> extraEnv) throws IOException {
    String configured = System.getProperty("gateway.jar", "../../target/docplanner-gateway.jar");
    this.jar = Path.of(configured).toAbsolutePath().normalize();
    Assumptions.assumeTrue(Files.isRegularFile(jar), "no gateway jar at " + jar
        + ": build it with mvn package in the repository's root, or pass -Dgateway.jar=PATH");
    this.dir = dir;
    this.extraEnv = extraEnv;
    this.redis = new ProcessBuilder("redis-server", "--port", String.valueOf(redisPort), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--protected-mode", "no")
        .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    await().atMost(Duration.ofSeconds(10)).until(() -> answersTcp(redisPort));
    start();
  }

  String feedUrl() {
    return "http://127.0.0.1:" + feedPort;
  }

  /** Starts the gateway jar and waits until it is ready. */
  void start() throws IOException {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-jar", jar.toString()).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("gateway.log").toFile()));
    builder.environment().keySet().removeIf(name -> name.startsWith("GATEWAY_"));
    builder.environment().putAll(Map.of(
        "GATEWAY_REDIS_URL", "redis://127.0.0.1:" + redisPort,
        "GATEWAY_REDIS_EMBEDDED", "never",
        "GATEWAY_PUSH_HOST", "127.0.0.1",
        "GATEWAY_PUSH_PORT", String.valueOf(pushPort),
        "GATEWAY_FEED_HOST", "127.0.0.1",
        "GATEWAY_FEED_PORT", String.valueOf(feedPort),
        "GATEWAY_SHUTDOWN_GRACE_PERIOD", "1s"));
    builder.environment().putAll(extraEnv);
    gateway = builder.start();
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      assertTrue(gateway.isAlive(), () -> "the gateway exited:\n" + log());
      return status("/health/ready") == 200;
    });
  }

  /** SIGTERM, as an orchestrator stops it; waits for the exit. */
  void stop() throws InterruptedException {
    gateway.destroy();
    assertTrue(gateway.waitFor(30, TimeUnit.SECONDS), "the gateway stopped");
  }

  /** Pushes {@code count} distinct slot-booked notifications; their stream ids, in order. */
  List<String> push(int count) throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pushPort + "/docplanner/notifications"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(slotBooked(String.valueOf(BOOKING.incrementAndGet())))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, answer.statusCode(), answer.body());
      Matcher id = ID.matcher(answer.body());
      assertTrue(id.find(), answer.body());
      ids.add(id.group(1));
    }
    return ids;
  }

  /** A Redis command through redis-cli (beside redis-server on PATH); its output. */
  String redisCli(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("redis-cli", "-p", String.valueOf(redisPort)));
    command.addAll(List.of(args));
    Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(cli.waitFor(10, TimeUnit.SECONDS));
    return out.strip();
  }

  /** What the gateway printed (for failure messages). */
  String log() {
    try {
      return Files.readString(dir.resolve("gateway.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  int status(String path) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(feedUrl() + path)).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  @Override
  public void close() {
    for (Process process : new Process[] {gateway, redis}) {
      if (process != null) {
        process.destroyForcibly();
        try {
          process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  static String slotBooked(String bookingId) {
    return "{\"name\":\"slot-booked\",\"data\":{\"facility\":{\"id\":\"1\",\"name\":\"Centrum\"},"
        + "\"doctor\":{\"id\":\"123\",\"name\":\"Anna\",\"surname\":\"Kowalska\"},"
        + "\"visit_booking\":{\"id\":\"" + bookingId + "\",\"status\":\"booked\",\"start_at\":\"2026-12-03T10:30:00+01:00\","
        + "\"end_at\":\"2026-12-03T10:50:00+01:00\",\"duration\":20,\"booked_by\":\"patient\"}},"
        + "\"created_at\":\"2026-11-28T09:12:45+01:00\"}";
  }

  private static boolean answersTcp(int port) {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * A port nothing listens on, below Linux's ephemeral range (32768 and up by default): a port the
   * kernel hands out for listening can also be given to an outgoing connection, such as the
   * gateway's own to Redis, between being chosen here and the gateway binding it (a CI run once
   * failed so: "feed.port ... is already in use").
   */
  static int freePort() {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = 20_000 + PORTS.nextInt(12_000);
      if (!GIVEN.add(port)) {
        continue; // given to another server of these tests, which may not listen yet
      }
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return port;
      } catch (IOException taken) {
        // in use: try another
      }
    }
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
