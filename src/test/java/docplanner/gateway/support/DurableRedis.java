package docplanner.gateway.support;

import docplanner.gateway.store.RedisServerProcess;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A redis-server of the test class's own, like {@link TestRedis}, but persistent as production
 * runs it: append-only file with {@code appendfsync always}, so every write Redis answered
 * survives a SIGKILL and a restart on the same port and directory (what "Redis restarted, no
 * event lost" needs; {@link TestRedis} restarts empty).
 *
 * <pre>@RegisterExtension static final DurableRedis redis = new DurableRedis();</pre>
 */
public final class DurableRedis implements BeforeAllCallback, AfterAllCallback {

  private int port;
  private Path dir;
  private Process process;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    port = RedisServerProcess.freePort();
    dir = Files.createTempDirectory("docplanner-gateway-durable-redis");
    launch();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    kill();
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp dir left behind is harmless
    }
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public String command(String... args) {
    return RedisCommands.call("127.0.0.1", port, args);
  }

  /** SIGKILL: every connection drops at once; what was answered is on disk. */
  public void kill() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Starts it again on the same port, loading the append-only file. */
  public void restart() {
    try {
      launch();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void launch() throws IOException {
    process = new ProcessBuilder(RedisServerProcess.findBinary().toString(),
        "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
        "--appendonly", "yes", "--appendfsync", "always", "--dir", dir.toString(),
        "--daemonize", "no", "--protected-mode", "no", "--loglevel", "warning")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
        .start();
    await("redis-server answers on " + port).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
        .until(() -> !process.isAlive() || RedisServerProcess.answersPing("127.0.0.1", port, 200)
            && !RedisCommands.call("127.0.0.1", port, "PING").contains("LOADING"));
    if (!process.isAlive()) {
      throw new IOException("redis-server exited at start: " + Files.readString(dir.resolve("redis.log")));
    }
  }
}
