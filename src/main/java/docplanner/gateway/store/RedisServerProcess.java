package docplanner.gateway.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} child process on 127.0.0.1: the machine's own binary when it is on the
 * PATH, else the one {@code embedded-redis} ships in the jar. It keeps nothing on disk. A watchdog
 * shell kills it if this JVM dies without closing it (so a killed gateway or test run leaves no
 * Redis behind). Used for the gateway's embedded mode and by the tests, which also stop, pause and
 * restart it on purpose.
 */
public final class RedisServerProcess implements AutoCloseable {

  private static final long START_TIMEOUT_MS = 10_000;

  /**
   * Starts what {@link #probe} answers when something listens at the address but is not Redis
   * (it never answers, or not in RESP); the rest says what it did.
   */
  public static final String NOT_REDIS = "not Redis: ";

  private final int port;
  private final Path binary;
  private final Path dir;
  private Process process;
  private Process watchdog;

  private RedisServerProcess(int port, Path binary, Path dir) {
    this.port = port;
    this.binary = binary;
    this.dir = dir;
  }

  /** Starts a server on {@code port} (0: a free port) and waits until it answers PING. */
  public static RedisServerProcess start(int port) throws IOException {
    RedisServerProcess server = new RedisServerProcess(port == 0 ? freePort() : port, findBinary(),
        Files.createTempDirectory("docplanner-gateway-redis"));
    server.launch();
    return server;
  }

  public int port() {
    return port;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public Path binary() {
    return binary;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** The binary the gateway would use: {@code redis-server} on the PATH, else the bundled one. */
  public static Path findBinary() throws IOException {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        Path candidate = Path.of(dir, "redis-server");
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    return bundledBinary();
  }

  private static Path bundled;

  /**
   * The Linux builds that embedded-redis ships, by {@code os.arch}: the jar keeps only these (the
   * platforms the epoll transport is shipped for). Chosen here rather than by embedded-redis, whose
   * detection runs {@code uname}, which slim container images lack.
   */
  private static final Map<String, String> BUNDLED = Map.of(
      "amd64", "/redis-server-6.2.6-v5-linux-amd64",
      "x86_64", "/redis-server-6.2.6-v5-linux-amd64",
      "aarch64", "/redis-server-6.2.7-linux-arm64",
      "arm64", "/redis-server-6.2.7-linux-arm64");

  /** The bundled binary for this machine, extracted once per process (it is ~10 MB). */
  private static synchronized Path bundledBinary() throws IOException {
    if (bundled == null || !Files.isExecutable(bundled)) {
      String os = System.getProperty("os.name");
      String arch = System.getProperty("os.arch");
      String resource = os.toLowerCase(java.util.Locale.ROOT).startsWith("linux") ? BUNDLED.get(arch) : null;
      if (resource == null) {
        throw new IOException("no redis-server on the PATH, and the jar bundles one only for Linux x86_64 and arm64"
            + " (this is " + os + " " + arch + "): install Redis, or point redis.url at one");
      }
      Path file = Files.createTempFile("redis-server", "");
      file.toFile().deleteOnExit();
      try (InputStream in = RedisServerProcess.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IOException("the jar lacks its bundled " + resource.substring(1) + ": install Redis");
        }
        Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      if (!file.toFile().setExecutable(true)) {
        throw new IOException("cannot make the bundled redis-server executable at " + file);
      }
      bundled = file;
    }
    return bundled;
  }

  /** Starts it again on the same port (after {@link #kill()} or {@link #stop()}). */
  public void restart() throws IOException {
    if (isRunning()) {
      throw new IllegalStateException("redis-server on port " + port + " is still running");
    }
    launch();
  }

  /** SIGKILL: the abrupt death of Redis, with every connection reset. */
  public void kill() {
    if (process != null) {
      process.destroyForcibly();
      waitFor(process);
    }
    stopWatchdog();
  }

  /** SIGTERM, and wait for it to exit. */
  public void stop() {
    if (process != null) {
      process.destroy();
      waitFor(process);
    }
    stopWatchdog();
  }

  @Override
  public void close() {
    kill();
    deleteDir();
  }

  private void launch() throws IOException {
    List<String> command = new ArrayList<>(List.of(binary.toString(),
        "--port", String.valueOf(port),
        "--bind", "127.0.0.1",
        "--save", "",
        "--appendonly", "no",
        "--dir", dir.toString(),
        "--daemonize", "no",
        "--protected-mode", "no",
        "--loglevel", "warning"));
    process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis.log").toFile()).start();
    watchdog = new ProcessBuilder("sh", "-c",
        "while kill -0 " + ProcessHandle.current().pid() + " 2>/dev/null && kill -0 " + process.pid()
            + " 2>/dev/null; do sleep 1; done; kill -9 " + process.pid() + " 2>/dev/null")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("redis-server (" + binary + ") exited at start on port " + port + ": " + log());
      }
      if (answersPing("127.0.0.1", port, 200)) {
        return;
      }
      sleep(20);
    }
    kill();
    throw new IOException("redis-server did not answer on port " + port + " within " + START_TIMEOUT_MS + " ms");
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("redis.log")).trim();
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private void stopWatchdog() {
    if (watchdog != null) {
      watchdog.destroyForcibly();
      watchdog = null;
    }
  }

  private void deleteDir() {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp dir left behind is harmless
    }
  }

  /**
   * Whether something speaking RESP answers at host:port within the timeout (any reply counts:
   * a server that wants a password still answers). Blocking: call it off the event loop.
   */
  public static boolean answersPing(String host, int port, int timeoutMs) {
    String answer = probe(host, port, null, "", timeoutMs);
    return answer != null && !answer.startsWith(NOT_REDIS);
  }

  /**
   * Authenticates (when a password is given) and PINGs: null when nothing accepts a connection, ""
   * when Redis accepted us, {@link #NOT_REDIS} and what happened when the peer is silent or does not
   * speak RESP, else the error Redis answered (e.g. NOAUTH, WRONGPASS). Blocking, plain TCP: for
   * the startup check only.
   */
  public static String probe(String host, int port, String user, String password, int timeoutMs) {
    try (Socket socket = new Socket()) {
      try {
        socket.connect(new InetSocketAddress(host, port), timeoutMs);
      } catch (IOException e) {
        return null;
      }
      socket.setSoTimeout(timeoutMs);
      try {
        return ask(socket, user, password);
      } catch (java.net.SocketTimeoutException e) {
        return NOT_REDIS + "it accepted the connection but did not answer within " + timeoutMs + " ms";
      }
    } catch (IOException e) {
      return null;
    }
  }

  private static String ask(Socket socket, String user, String password) throws IOException {
    OutputStream out = socket.getOutputStream();
    InputStream in = socket.getInputStream();
    if (password != null && !password.isEmpty()) {
      out.write(resp(user == null || user.isEmpty() ? new String[] {"AUTH", password} : new String[] {"AUTH", user, password}));
      String auth = replyLine(in);
      if (auth == null || auth.startsWith("-")) {
        return auth == null ? null : auth.substring(1);
      }
    }
    out.write(resp(new String[] {"PING"}));
    String pong = replyLine(in);
    if (pong == null) {
      return null;
    }
    if (pong.isEmpty() || "+-:$*_,#!=(%~>|".indexOf(pong.charAt(0)) < 0) {
      return NOT_REDIS + "it does not speak the Redis protocol (it answered \""
          + (pong.length() > 60 ? pong.substring(0, 60) + "..." : pong) + "\")";
    }
    return pong.startsWith("-") ? pong.substring(1) : "";
  }

  private static byte[] resp(String[] args) {
    StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
    for (String arg : args) {
      sb.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The first line of a reply ("+PONG", "-NOAUTH ..."), or null when the connection ends first. */
  private static String replyLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != -1; c = in.read()) {
      if (c == '\r') {
        in.read();
        return line.toString();
      }
      line.append((char) c);
    }
    return line.length() == 0 ? null : line.toString();
  }

  /** The version line of a redis-server binary, for the log. */
  public static String version(Path binary) {
    try {
      Process p = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line = reader.readLine();
        p.waitFor(5, TimeUnit.SECONDS);
        return line == null ? "unknown version" : line.trim();
      }
    } catch (IOException e) {
      return "unknown version";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown version";
    }
  }

  /** A port for a server of this process ({@link FreePorts}). */
  public static int freePort() throws IOException {
    return FreePorts.next();
  }

  private static void waitFor(Process p) {
    try {
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
