package docplanner.gateway.bench;

import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The fan-out subscribers as a Node service would write them ({@code bench/node/sse-subscribers.mjs}:
 * http.get, one socket each, an SSE parser), in a process of their own, driven over its stdin and
 * stdout (one JSON line when all are streaming, one with the result). The window is handed over
 * in epoch microseconds: see {@link SendTime} for why both clocks agree. Its CPU is the Node
 * process alone (the publisher is in this JVM and not counted).
 */
final class NodeFanoutClient implements FanoutClient {

  private final Process node;
  private final BufferedReader out;
  private final Writer in;
  private final JsonObject ready;
  private JsonObject result;

  NodeFanoutClient(String script, URI subscribe, String prime, int subscribers) throws IOException {
    List<String> command = new ArrayList<>(List.of("node", script, "--url", subscribe.toString(),
        "--subscribers", Integer.toString(subscribers)));
    if (prime != null) {
      command.addAll(List.of("--prime", prime));
    }
    node = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
    in = node.outputWriter(StandardCharsets.UTF_8);
    ready = readLine("ready");
  }

  private JsonObject readLine(String what) throws IOException {
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith("{")) {
        JsonObject json = new JsonObject(line);
        if (json.getBoolean(what, false)) {
          return json;
        }
      }
      System.err.println("node: " + line);
    }
    throw new IOException("the Node subscribers exited before saying " + what + " (exit " + exitCode() + ")");
  }

  private String exitCode() {
    return node.isAlive() ? "none yet" : Integer.toString(node.exitValue());
  }

  private void send(String line) throws IOException {
    in.write(line + "\n");
    in.flush();
  }

  @Override
  public int connected() {
    return result != null ? result.getInteger("connected") : ready.getInteger("connected");
  }

  @Override
  public int failed() {
    return ready.getInteger("failed");
  }

  @Override
  public String firstFailure() {
    return ready.getString("firstFailure");
  }

  @Override
  public void window(long start, long end) {
    try {
      send("window " + start / 1_000 + " " + end / 1_000);
    } catch (IOException e) {
      throw new IllegalStateException("the Node subscribers are gone", e);
    }
  }

  @Override
  public void drain(long expected, long deadline) throws IOException {
    send("drain " + expected + " " + deadline / 1_000);
    result = readLine("result");
  }

  @Override
  public long cpuMicros() {
    return ProcCpu.micros(node.pid());
  }

  @Override
  public long readerCpuMicros() {
    return -1; // one thread does everything in Node
  }

  @Override
  public ThreadSched readerSched() {
    return ThreadSched.read(node.pid(), node.pid()); // Node's main thread: its id is the process's
  }

  @Override
  public Deliveries finish() throws InterruptedException, IOException {
    in.close(); // the script's cue to close its sockets and exit
    if (!node.waitFor(10, TimeUnit.SECONDS)) {
      node.destroyForcibly().waitFor();
    }
    if (result.getInteger("notReused", 0) > 0) {
      System.err.println("node: " + result.getInteger("notReused") + " subscriptions did not reuse their primed connection");
    }
    if (result.getLong("unrecorded", 0L) > 0) {
      System.err.println("node: " + result.getLong("unrecorded") + " latencies beyond the sample bound were not timed");
    }
    return new Deliveries(result.getLong("delivered"), result.getInteger("disconnected"),
        result.getDouble("p50_us") / 1e3, result.getDouble("p99_us") / 1e3, result.getDouble("max_us") / 1e3,
        result.getLong("negative"));
  }
}
