package docplanner.gateway.support;

import docplanner.gateway.store.RedisServerProcess;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A redis-server of the test class's own on a free port (never the machine's shared 6379):
 * the machine's binary, else the one embedded-redis ships. Tests can kill, pause and restart it.
 *
 * <pre>@RegisterExtension static final TestRedis redis = new TestRedis();</pre>
 */
public final class TestRedis implements BeforeAllCallback, AfterAllCallback {

  private RedisServerProcess server;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    server = RedisServerProcess.start(0);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server != null) {
      resume();
      server.close();
    }
  }

  public String url() {
    return server.url();
  }

  public int port() {
    return server.port();
  }

  /** SIGKILL: every connection drops at once. */
  public void kill() {
    server.kill();
  }

  /** Starts it again, empty, on the same port. */
  public void restart() {
    try {
      server.restart();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGSTOP: connections stay open but nothing answers (a hung or partitioned Redis). */
  public void pause() {
    signal("STOP");
  }

  /** SIGCONT after {@link #pause()}. */
  public void resume() {
    if (server.isRunning()) {
      signal("CONT");
    }
  }

  /** Runs a redis-cli-like command synchronously and returns the reply as text (for assertions). */
  public String command(String... args) {
    return RedisCommands.call("127.0.0.1", server.port(), args);
  }

  /** The ids of every entry of a stream, oldest first. */
  public java.util.List<String> streamIds(String key) {
    java.util.List<String> ids = new java.util.ArrayList<>();
    Object entries = RedisCommands.value("127.0.0.1", server.port(), "XRANGE", key, "-", "+");
    for (Object entry : (java.util.List<?>) entries) {
      ids.add((String) ((java.util.List<?>) entry).get(0));
    }
    return ids;
  }

  /** The id of the newest entry of a stream. */
  public String lastId(String key) {
    Object newest = RedisCommands.value("127.0.0.1", server.port(), "XREVRANGE", key, "+", "-", "COUNT", "1");
    return (String) ((java.util.List<?>) ((java.util.List<?>) newest).get(0)).get(0);
  }

  private void signal(String name) {
    try {
      new ProcessBuilder("kill", "-" + name, String.valueOf(server.pid())).inheritIO().start().waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
