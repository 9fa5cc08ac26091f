package docplanner.gateway.bench;

import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The consumer-group case (issue 12): the cost of delivering through a group of N consumers that
 * acknowledge every event, beside N plain broadcast subscribers, on the same gateway in the same
 * run. One invocation measures one mode:
 * <ul>
 *   <li>{@code broadcast}: N WebSocket subscribers on {@code /events/ws}, each gets every event;</li>
 *   <li>{@code group}: N WebSocket consumers of one new group ({@code ?group=&consumer=}), each event
 *       goes to one of them, which acknowledges it at once with an {@code {"ack":"<id>"}} frame.</li>
 * </ul>
 * The publisher pushes R events/s ({@link SteadyPublisher}, send time in {@code data.bench_sent_ns});
 * for the events sent in the measured window: deliveries and deliveries per second (events/s
 * through the group), end-to-end latency (push sent → message read by the consumer), the server's
 * and its Redis's CPU per delivered event, redeliveries ({@code deliveries > 1}). Prints one
 * {@code BENCH case=groups ...} line.
 *
 * <pre>
 * --mode broadcast|group --feed ws://127.0.0.1:PORT --publish URL --consumers N --rate R
 * --warmup S --duration S [--drain S] --server-pids P,P [--redis-pids P]
 * </pre>
 */
public final class GroupRun {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String MARKER = "\"" + SseSubscribers.FIELD + "\":";

  private final boolean group;
  private final Histogram latencyMicros = new Histogram(120_000_000L, 3);
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong redeliveries = new AtomicLong();
  private final AtomicLong acks = new AtomicLong();
  private final AtomicLong clockErrors = new AtomicLong();
  private volatile long windowStart = Long.MAX_VALUE;
  private volatile long windowEnd = Long.MAX_VALUE;

  private GroupRun(boolean group) {
    this.group = group;
  }

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    String mode = args.string("mode");
    if (!mode.equals("group") && !mode.equals("broadcast")) {
      throw new IllegalArgumentException("--mode broadcast|group");
    }
    int consumers = args.integer("consumers", 3);
    double rate = args.decimal("rate", 1000);
    long warmup = (long) (args.decimal("warmup", 10) * 1e9);
    long duration = (long) (args.decimal("duration", 20) * 1e9);
    long drain = (long) (args.decimal("drain", 5) * 1e9);
    long[] serverPids = args.pids("server-pids");
    long[] redisPids = args.pids("redis-pids");
    GroupRun run = new GroupRun(mode.equals("group"));
    String groupName = "bench-" + System.currentTimeMillis();
    List<WebSocket> sockets = new ArrayList<>();
    for (int i = 0; i < consumers; i++) {
      String query = run.group ? "?group=" + groupName + "&consumer=c" + i : "";
      sockets.add(HTTP.newWebSocketBuilder().buildAsync(URI.create(args.string("feed") + "/events/ws" + query),
          run.new Consumer()).get(10, TimeUnit.SECONDS));
    }

    long start = SendTime.now() + 200_000_000L; // a group starts at "$": let the subscriptions settle first
    run.windowStart = start + warmup;
    run.windowEnd = run.windowStart + duration;
    SteadyPublisher publisher = new SteadyPublisher(URI.create(args.string("publish")), SlotBookedBodies.load(),
        "groups-" + mode + "-" + System.currentTimeMillis(), rate, start, run.windowStart, run.windowEnd);
    Thread publishing = new Thread(publisher, "publisher");
    publishing.start();

    FanoutRun.sleepUntil(run.windowStart);
    long server0 = ProcCpu.micros(serverPids);
    long redis0 = ProcCpu.micros(redisPids);
    long t0 = SendTime.now();
    publishing.join();
    long expected = publisher.acceptedInWindow() * (run.group ? 1 : consumers);
    long deadline = SendTime.now() + drain;
    while (run.delivered.get() < expected && SendTime.now() < deadline) {
      Thread.sleep(10);
    }
    long t1 = SendTime.now();
    long serverCpu = ProcCpu.micros(serverPids) - server0;
    long redisCpu = ProcCpu.micros(redisPids) - redis0;
    sockets.forEach(WebSocket::abort);

    long got = run.delivered.get();
    double seconds = (t1 - t0) / 1e9;
    Histogram latency;
    synchronized (run.latencyMicros) {
      latency = run.latencyMicros.copy();
    }
    System.out.println(String.format(Locale.ROOT,
        "BENCH case=groups mode=%s consumers=%d rate=%.0f warmup_s=%.0f measured_s=%.0f published=%d expected=%d"
            + " delivered=%d delivered_pct=%.2f delivered_per_s=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f acks=%d"
            + " redeliveries=%d server_cpu_us_per_delivery=%.2f redis_cpu_us_per_delivery=%.2f server_cpu_pct=%.1f"
            + " redis_cpu_pct=%.1f refused=%d late=%d clock_errors=%d",
        mode, consumers, rate, warmup / 1e9, duration / 1e9, publisher.acceptedInWindow(), expected, got,
        expected == 0 ? 0 : 100.0 * got / expected, got / (duration / 1e9),
        latency.getValueAtPercentile(50) / 1e3, latency.getValueAtPercentile(99) / 1e3, latency.getMaxValue() / 1e3,
        run.acks.get(), run.redeliveries.get(), FanoutRun.perDelivery(serverCpu + redisCpu, got),
        FanoutRun.perDelivery(redisCpu, got), FanoutRun.pct(serverCpu, seconds), FanoutRun.pct(redisCpu, seconds),
        publisher.refused(), publisher.late(),
        run.clockErrors.get()));
    if (publisher.firstRefusal() != null) {
      System.err.println("groups " + mode + ": first refused push: " + publisher.firstRefusal());
    }
    System.exit(0);
  }

  /** One subscriber or group consumer: times each message, acknowledges it in group mode. */
  private final class Consumer implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();
    /** The last ack frame: the JDK allows one outstanding send, so each waits for the previous. */
    private CompletableFuture<WebSocket> sends;

    @Override
    public void onOpen(WebSocket ws) {
      sends = CompletableFuture.completedFuture(ws);
      ws.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        message(partial.toString());
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }

    private void message(String text) {
      long now = SendTime.now();
      int at = text.indexOf(MARKER);
      if (!text.startsWith("{\"id\":\"") || at < 0) {
        return; // a notice (subscribed, reset) or an event of no publisher of ours
      }
      String id = text.substring(7, text.indexOf('"', 7));
      if (group) {
        sends = sends.thenCompose(ws -> ws.sendText("{\"ack\":\"" + id + "\"}", true));
        acks.incrementAndGet();
        if (numberAfter(text, "\"deliveries\":") > 1) {
          redeliveries.incrementAndGet();
        }
      }
      long sent = numberAfter(text, MARKER);
      if (sent < windowStart || sent >= windowEnd) {
        return;
      }
      long micros = (now - sent) / 1_000;
      if (micros < 0) {
        clockErrors.incrementAndGet();
        micros = 0;
      }
      synchronized (latencyMicros) {
        latencyMicros.recordValue(Math.min(micros, latencyMicros.getHighestTrackableValue()));
      }
      delivered.incrementAndGet();
    }
  }

  /** The integer right after {@code key} in {@code text}, or -1 when the key is absent. */
  private static long numberAfter(String text, String key) {
    int at = text.indexOf(key);
    if (at < 0) {
      return -1;
    }
    int from = at + key.length();
    int to = from;
    while (to < text.length() && Character.isDigit(text.charAt(to))) {
      to++;
    }
    return to == from ? -1 : Long.parseLong(text, from, to, 10);
  }
}
