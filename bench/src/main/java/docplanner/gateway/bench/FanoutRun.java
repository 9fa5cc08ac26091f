package docplanner.gateway.bench;

import org.HdrHistogram.Histogram;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The fan-out case: N SSE subscribers on one server, a publisher pushing R events/s, and for the
 * events sent in the measured window (after a warm-up): delivered/expected, end-to-end latency
 * (push sent → frame read by the subscriber), the server's CPU per delivered event, and the
 * client's own CPU. Prints one {@code BENCH case=fanout ...} line, and with {@code --stages} (the
 * gateway's {@code /admin/stage-timing}, reset as the window opens) one {@code BENCH case=stages}
 * line per stage: where the server's part of that latency went.
 *
 * <pre>
 * --target NAME --subscribe URL [--prime PATH] --publish URL --subscribers N --rate R
 * --warmup S --duration S [--drain S] --server-pids P,P [--redis-pids P]
 * [--client java|node [--node-script bench/node/sse-subscribers.mjs]] [--stages URL --stages-token T]
 * [--deliveries FILE]
 * </pre>
 * The subscribers are this JVM's NIO client ({@code java}, the default) or Node subscribers in a
 * process of their own ({@code node}); the publisher is in this JVM either way. With
 * {@code --deliveries} (Java client) every delivery of the window is also written to FILE, one line
 * each, {@code <send time ns> <latency ns>}: which events, and when in the window, make the tail.
 */
public final class FanoutRun {

  private FanoutRun() {
  }

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    String target = args.string("target");
    int subscribers = args.integer("subscribers", 100);
    double rate = args.decimal("rate", 200);
    long warmup = (long) (args.decimal("warmup", 10) * 1e9);
    long duration = (long) (args.decimal("duration", 30) * 1e9);
    long drain = (long) (args.decimal("drain", 5) * 1e9);
    long[] serverPids = args.pids("server-pids");
    long[] redisPids = args.pids("redis-pids");

    URI subscribe = URI.create(args.string("subscribe"));
    String prime = args.string("prime", null);
    String clientName = args.string("client", "java");
    String deliveries = args.string("deliveries", null);
    if (deliveries != null && !clientName.equals("java")) {
      throw new IllegalArgumentException("--deliveries: the Java client only");
    }
    int capacity = (int) Math.min(Integer.MAX_VALUE - 8, (long) (1.05 * rate * duration / 1e9 * subscribers) + 1_000);
    FanoutClient subs = switch (clientName) {
      case "java" -> new JavaFanoutClient(subscribe, prime, subscribers,
          deliveries == null ? null : Path.of(deliveries), capacity);
      case "node" -> new NodeFanoutClient(args.string("node-script"), subscribe, prime, subscribers);
      default -> throw new IllegalArgumentException("--client java|node");
    };
    if (subs.connected() < subscribers) {
      System.err.printf("fanout %s (%s): only %d of %d subscribers connected (failed %d: %s)%n", target, clientName,
          subs.connected(), subscribers, subs.failed(), subs.firstFailure());
    }
    int connected = subs.connected();
    // Before the publisher connects: only the subscribers are counted.
    String spread = ServerConnections.spread(serverPids, subscribe.getPort());

    long start = SendTime.now() + 100_000_000L;
    long windowStart = start + warmup;
    long windowEnd = windowStart + duration;
    subs.window(windowStart, windowEnd);
    SteadyPublisher publisher = new SteadyPublisher(URI.create(args.string("publish")), SlotBookedBodies.load(),
        "fan-" + target + "-" + clientName + "-" + subscribers + "-" + System.currentTimeMillis(), rate, start,
        windowStart, windowEnd);
    Thread publishing = new Thread(publisher, "publisher");
    publishing.start();

    StageTimes stages = StageTimes.of(args.string("stages", null), args.string("stages-token", ""));
    // Everything read as the window opens is read once during the warm-up too, so that at the start
    // it runs warm. A first reading loads classes, right as the window opens, on the cores the
    // subscribers and the publisher need: when the stage-timing reset was a java.net.http request,
    // that took 0.57 s in every gateway window (Nchan's have no stage timing). docs/performance.md,
    // nineteenth round.
    stages.warm();
    Counters.read(serverPids, redisPids, subs);
    sleepUntil(windowStart);
    stages.reset();
    Counters before = Counters.read(serverPids, redisPids, subs);
    long t0 = SendTime.now();

    publishing.join();
    long expected = publisher.acceptedInWindow() * connected;
    subs.drain(expected, SendTime.now() + drain);
    long t1 = SendTime.now();
    Counters after = Counters.read(serverPids, redisPids, subs);
    long serverCpu = after.server - before.server;
    long jitCpu = after.jit - before.jit;
    long redisCpu = after.redis - before.redis;
    long clientCpu = after.client - before.client;
    long readerCpu = before.reader < 0 ? -1 : after.reader - before.reader;
    ThreadSched readerSched = after.readerSched.since(before.readerSched);
    long events = publisher.acceptedInWindow();
    FanoutClient.Deliveries got = subs.finish();
    List<String> breakdown = stages.lines(target, clientName, subscribers);

    long delivered = got.delivered();
    Histogram acks = publisher.ackMicros();
    double seconds = (t1 - t0) / 1e9;
    System.out.println(String.format(Locale.ROOT,
        "BENCH case=fanout target=%s client=%s subscribers=%d connected=%d rate=%.0f warmup_s=%.0f measured_s=%.0f"
            + " published=%d expected=%d delivered=%d delivered_pct=%.2f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f"
            + " server_cpu_us_per_delivery=%.2f server_only_cpu_us_per_delivery=%.2f redis_cpu_us_per_delivery=%.2f"
            + " server_cpu_pct=%.1f redis_cpu_pct=%.1f client_cpu_pct=%.1f client_selector_cpu_pct=%s"
            + " client_cpu_us_per_delivery=%.2f client_selector_cpu_us_per_delivery=%s disconnects=%d failed=%d"
            + " refused=%d late=%d ack_p50_ms=%.2f ack_p99_ms=%.2f server_jit_cpu_pct=%.1f clock_errors=%d"
            + " client_reader_wait_us_per_event=%s client_reader_wait_us_per_run=%s client_reader_runs_per_event=%s"
            + " subscribers_per_server_process=%s",
        target, clientName, subscribers, connected, rate, warmup / 1e9, duration / 1e9,
        publisher.acceptedInWindow(), expected, delivered, expected == 0 ? 0 : 100.0 * delivered / expected,
        got.p50Ms(), got.p99Ms(), got.maxMs(),
        perDelivery(serverCpu + redisCpu, delivered), perDelivery(serverCpu, delivered), perDelivery(redisCpu, delivered),
        pct(serverCpu, seconds), pct(redisCpu, seconds), pct(clientCpu, seconds),
        readerCpu < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", pct(readerCpu, seconds)),
        perDelivery(clientCpu, delivered),
        readerCpu < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", perDelivery(readerCpu, delivered)),
        got.disconnected(), subs.failed(), publisher.refused(), publisher.late(),
        acks.getValueAtPercentile(50) / 1e3, acks.getValueAtPercentile(99) / 1e3, pct(jitCpu, seconds),
        got.clockErrors(), readerRatio(readerSched.waitNanos() / 1e3, readerSched, events),
        readerRatio(readerSched.waitNanos() / 1e3, readerSched, readerSched.runs()),
        readerRatio(readerSched.runs(), readerSched, events), spread));
    breakdown.forEach(System.out::println);
    if (publisher.firstRefusal() != null) {
      System.err.println("fanout " + target + ": first refused push: " + publisher.firstRefusal());
    }
    System.exit(0);
  }

  /** The CPU counters a window is measured by (µs so far; {@code reader} -1 when the client has none). */
  private record Counters(long server, long jit, long redis, long client, long reader, ThreadSched readerSched) {

    static Counters read(long[] serverPids, long[] redisPids, FanoutClient subs) {
      return new Counters(ProcCpu.micros(serverPids), ProcCpu.jitMicros(serverPids), ProcCpu.micros(redisPids),
          subs.cpuMicros(), subs.readerCpuMicros(), subs.readerSched());
    }
  }

  /**
   * A reader's scheduler figure over a count (events, runs), two decimals; "n/a" when the
   * schedstat could not be read or the count is 0.
   */
  static String readerRatio(double amount, ThreadSched sched, long count) {
    return !sched.known() || count <= 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", amount / count);
  }

  /** CPU µs per delivery (0 when nothing was delivered); shared with {@link GroupRun}. */
  static double perDelivery(long cpuMicros, long delivered) {
    return delivered == 0 ? 0 : (double) cpuMicros / delivered;
  }

  /** CPU µs over a span of seconds as % of one core. */
  static double pct(long cpuMicros, double seconds) {
    return seconds <= 0 ? 0 : cpuMicros / 1e4 / seconds;
  }

  /** Sleeps until the {@link SendTime} {@code when}. */
  static void sleepUntil(long when) throws InterruptedException {
    long wait;
    while ((wait = when - SendTime.now()) > 0) {
      Thread.sleep(Math.max(1, wait / 1_000_000));
    }
  }
}
