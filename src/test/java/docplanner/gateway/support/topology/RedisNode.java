package docplanner.gateway.support.topology;

import docplanner.gateway.store.RedisServerProcess;
import docplanner.gateway.support.RedisCommands;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * One redis-server (or sentinel) process with arguments of the test's choosing, in a directory of
 * its own, on a free port: killed with the test (and by a watchdog should the JVM die first).
 * Tests can SIGKILL, SIGSTOP and SIGCONT it.
 */
public final class RedisNode implements AutoCloseable {

  private final String name;
  private final int port;
  private final String password;
  private final Path dir;
  private final Process process;
  private final Process watchdog;

  private RedisNode(String name, int port, String password, Path dir, Process process, Process watchdog) {
    this.name = name;
    this.password = password;
    this.port = port;
    this.dir = dir;
    this.process = process;
    this.watchdog = watchdog;
  }

  /**
   * @param first arguments before the common ones (a sentinel's config file, then --sentinel)
   * @param more  arguments after them (--cluster-enabled yes, --replicaof ...)
   * @param password what the test's own commands authenticate with ("": none)
   */
  public static RedisNode start(Path parent, String name, int port, List<String> first, List<String> more,
                                String password) {
    try {
      Path dir = Files.createDirectories(parent.resolve(name));
      List<String> command = new ArrayList<>();
      command.add(RedisServerProcess.findBinary().toString());
      command.addAll(first);
      command.addAll(List.of("--port", String.valueOf(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
          "--daemonize", "no", "--protected-mode", "no", "--loglevel", "notice"));
      command.addAll(more);
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(dir.resolve("redis.log").toFile()).start();
      Process watchdog = new ProcessBuilder("sh", "-c",
          "while kill -0 " + ProcessHandle.current().pid() + " 2>/dev/null && kill -0 " + process.pid()
              + " 2>/dev/null; do sleep 1; done; kill -9 " + process.pid() + " 2>/dev/null")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      RedisNode node = new RedisNode(name, port, password, dir, process, watchdog);
      node.awaitPing();
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A data node: no persistence, with {@code more} arguments. */
  public static RedisNode server(Path parent, String name, List<String> more) {
    return server(parent, name, more, "");
  }

  /** A data node that wants {@code password} from clients and uses it with its primary. */
  public static RedisNode server(Path parent, String name, List<String> more, String password) {
    List<String> args = new ArrayList<>(List.of("--save", "", "--appendonly", "no"));
    if (!password.isEmpty()) {
      args.addAll(List.of("--requirepass", password, "--masterauth", password));
    }
    args.addAll(more);
    // A free port can be taken before redis-server binds it, and a cluster node also binds port +
    // 10000 (its bus), which nobody checked: try another port then.
    for (int attempt = 1; ; attempt++) {
      try {
        return start(parent, name, freePort(), List.of(), args, password);
      } catch (UncheckedIOException e) {
        if (attempt == 5 || !String.valueOf(e.getCause().getMessage()).contains("Address already in use")) {
          throw e;
        }
      }
    }
  }

  private void awaitPing() throws IOException {
    try {
      await(name + " answers PING").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
          .until(() -> {
            if (!process.isAlive()) {
              throw new IOException(name + " exited at start: " + log());
            }
            return RedisServerProcess.answersPing("127.0.0.1", port, 200);
          });
    } catch (ConditionTimeoutException e) {
      throw new IOException(name + " did not answer on port " + port + ": " + log());
    }
  }

  public static int freePort() {
    try {
      return RedisServerProcess.freePort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String name() {
    return name;
  }

  public int port() {
    return port;
  }

  public Path dir() {
    return dir;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** A command, its reply as text ("ERR:..." for an error). */
  public String call(String... args) {
    return String.valueOf(value(args));
  }

  public Object value(String... args) {
    return RedisCommands.authenticated("127.0.0.1", port, password, args);
  }

  /** A field of INFO replication ("" when absent). */
  public String info(String field) {
    for (String line : call("INFO", "replication").split("\r?\n")) {
      if (line.startsWith(field + ":")) {
        return line.substring(field.length() + 1).trim();
      }
    }
    return "";
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: the abrupt death of the process, every connection reset. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGSTOP: connections stay open, nothing answers. */
  public void pause() {
    signal("STOP");
  }

  public void resume() {
    signal("CONT");
  }

  private void signal(String signal) {
    if (!process.isAlive()) {
      return;
    }
    try {
      new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start().waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public String log() {
    try {
      return Files.readString(dir.resolve("redis.log"));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  @Override
  public void close() {
    resume();
    kill();
    watchdog.destroyForcibly();
  }
}
