package docplanner.gateway.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The gateway JVMs (the fat jar), each on its own push and feed port, started, killed and restarted on demand. */
public final class Replicas implements AutoCloseable {

  private final Path jar;
  private final String redisUrl;
  private final int[] pushPorts;
  private final int[] feedPorts;
  private final Path workDir;
  private final Process[] processes;
  private final List<Long> everyPid = new ArrayList<>();
  private final Map<String, String> extraEnv;

  public Replicas(Path jar, String redisUrl, int[] pushPorts, int[] feedPorts, Path workDir) {
    this(jar, redisUrl, pushPorts, feedPorts, workDir, Map.of());
  }

  /** {@code extraEnv}: more {@code GATEWAY_*} settings for every replica (e.g. a short visibility timeout). */
  public Replicas(Path jar, String redisUrl, int[] pushPorts, int[] feedPorts, Path workDir, Map<String, String> extraEnv) {
    this.extraEnv = Map.copyOf(extraEnv);
    this.jar = jar;
    this.redisUrl = redisUrl;
    this.pushPorts = pushPorts;
    this.feedPorts = feedPorts;
    this.workDir = workDir;
    this.processes = new Process[pushPorts.length];
  }

  public int size() {
    return processes.length;
  }

  public int pushPort(int i) {
    return pushPorts[i];
  }

  public int feedPort(int i) {
    return feedPorts[i];
  }

  public void start(int i) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-jar", jar.toAbsolutePath().toString())
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("gateway-" + (i + 1) + ".log").toFile()));
    Map<String, String> env = builder.environment();
    env.put("GATEWAY_REDIS_URL", redisUrl);
    env.put("GATEWAY_REDIS_EMBEDDED", "never");
    env.put("GATEWAY_PUSH_HOST", "127.0.0.1");
    env.put("GATEWAY_PUSH_PORT", String.valueOf(pushPorts[i]));
    env.put("GATEWAY_FEED_HOST", "127.0.0.1");
    env.put("GATEWAY_FEED_PORT", String.valueOf(feedPorts[i]));
    env.put("GATEWAY_PUSH_INSTANCES", "1");
    env.put("GATEWAY_FEED_INSTANCES", "1");
    env.put("GATEWAY_SHUTDOWN_GRACE_PERIOD", "5s");
    env.putAll(extraEnv);
    processes[i] = builder.start();
    everyPid.add(processes[i].pid());
    // For the script's cleanup trap, should this driver itself be killed.
    Files.writeString(workDir.resolve("gateway.pids"), processes[i].pid() + "\n", StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** Waits until replica {@code i} answers 200 on /health/ready; false at the deadline or if it died. */
  public boolean awaitReady(int i, long timeoutMs) {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (System.currentTimeMillis() < deadline && processes[i].isAlive()) {
      if (status(feedPorts[i], "/health/ready") == 200) {
        return true;
      }
      FeedSubscriber.sleep(100);
    }
    return false;
  }

  /** SIGKILL: the replica dies at once, mid-request. */
  public void kill(int i) throws InterruptedException {
    processes[i].destroyForcibly();
    processes[i].waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM and wait for the exit; the exit code (0 expected). */
  public int terminate(int i, long timeoutMs) throws InterruptedException {
    processes[i].destroy();
    if (!processes[i].waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
      processes[i].destroyForcibly();
      processes[i].waitFor(5, TimeUnit.SECONDS);
      return -1;
    }
    return processes[i].exitValue();
  }

  /** The gateway_feed_subscribers of replica {@code i} (both protocols), from its /metrics. */
  public int subscribers(int i) {
    String metrics = get(feedPorts[i], "/metrics");
    int total = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("gateway_feed_subscribers{")) {
        total += (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }

  @Override
  public void close() {
    for (Process p : processes) {
      if (p != null && p.isAlive()) {
        p.destroyForcibly();
      }
    }
  }

  public static int status(int port, String path) {
    String answer = request(port, path);
    if (answer.startsWith("HTTP/1.")) {
      return Integer.parseInt(answer.substring(9, 12));
    }
    return 0;
  }

  public static String get(int port, String path) {
    String answer = request(port, path);
    int body = answer.indexOf("\r\n\r\n");
    return body < 0 ? "" : answer.substring(body + 4);
  }

  /** A tiny HTTP/1.0 GET (the server closes after answering), the whole answer as text; "" on failure. */
  private static String request(int port, String path) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
      socket.setSoTimeout(3_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
