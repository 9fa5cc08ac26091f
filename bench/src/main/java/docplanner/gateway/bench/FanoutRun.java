package docplanner.gateway.bench;

import org.HdrHistogram.Histogram;

import java.net.URI;
import java.util.Locale;

/**
 * The fan-out case: N SSE subscribers on one server, a publisher pushing R events/s, and for the
 * events sent in the measured window (after a warm-up): delivered/expected, end-to-end latency
 * (push sent → frame read by the subscriber), the server's CPU per delivered event, and this
 * client's own CPU. Prints one {@code BENCH case=fanout ...} line.
 *
 * <pre>
 * --target NAME --subscribe URL [--prime PATH] --publish URL --subscribers N --rate R
 * --warmup S --duration S [--drain S] --server-pids P,P [--redis-pids P]
 * </pre>
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
    long self = ProcessHandle.current().pid();

    SseSubscribers subs = new SseSubscribers(URI.create(args.string("subscribe")), args.string("prime", null));
    subs.open(subscribers);
    if (!subs.awaitOpen(120_000) || subs.streaming() < subscribers) {
      System.err.printf("fanout %s: only %d of %d subscribers connected (failed %d: %s)%n", target,
          subs.streaming(), subscribers, subs.failed(), subs.firstFailure());
    }
    int connected = subs.streaming();

    long start = SendTime.now() + 100_000_000L;
    long windowStart = start + warmup;
    long windowEnd = windowStart + duration;
    subs.window(windowStart, windowEnd);
    SteadyPublisher publisher = new SteadyPublisher(URI.create(args.string("publish")), SlotBookedBodies.load(),
        "fan-" + target + "-" + subscribers + "-" + System.currentTimeMillis(), rate, start, windowStart, windowEnd);
    Thread publishing = new Thread(publisher, "publisher");
    publishing.start();

    sleepUntil(windowStart);
    long server0 = ProcCpu.micros(serverPids);
    long redis0 = ProcCpu.micros(redisPids);
    long client0 = ProcCpu.micros(self);
    long selector0 = subs.threadCpuNanos();
    long t0 = SendTime.now();

    publishing.join();
    long expected = publisher.acceptedInWindow() * connected;
    long drainUntil = SendTime.now() + drain;
    while (subs.deliveredSoFar() < expected && SendTime.now() < drainUntil) {
      Thread.sleep(10);
    }
    long t1 = SendTime.now();
    long serverCpu = ProcCpu.micros(serverPids) - server0;
    long redisCpu = ProcCpu.micros(redisPids) - redis0;
    long clientCpu = ProcCpu.micros(self) - client0;
    long selectorCpu = (subs.threadCpuNanos() - selector0) / 1_000;
    subs.close();

    long delivered = subs.delivered();
    Histogram latency = subs.latencyMicros();
    Histogram acks = publisher.ackMicros();
    double seconds = (t1 - t0) / 1e9;
    System.out.println(String.format(Locale.ROOT,
        "BENCH case=fanout target=%s subscribers=%d connected=%d rate=%.0f warmup_s=%.0f measured_s=%.0f"
            + " published=%d expected=%d delivered=%d delivered_pct=%.2f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f"
            + " server_cpu_us_per_delivery=%.2f server_only_cpu_us_per_delivery=%.2f redis_cpu_us_per_delivery=%.2f"
            + " server_cpu_pct=%.1f redis_cpu_pct=%.1f client_cpu_pct=%.1f client_selector_cpu_pct=%.1f"
            + " client_cpu_us_per_delivery=%.2f client_selector_cpu_us_per_delivery=%.2f disconnects=%d failed=%d"
            + " refused=%d late=%d ack_p50_ms=%.2f ack_p99_ms=%.2f",
        target, subscribers, connected, rate, warmup / 1e9, duration / 1e9,
        publisher.acceptedInWindow(), expected, delivered, expected == 0 ? 0 : 100.0 * delivered / expected,
        latency.getValueAtPercentile(50) / 1e3, latency.getValueAtPercentile(99) / 1e3, latency.getMaxValue() / 1e3,
        perDelivery(serverCpu + redisCpu, delivered), perDelivery(serverCpu, delivered), perDelivery(redisCpu, delivered),
        pct(serverCpu, seconds), pct(redisCpu, seconds), pct(clientCpu, seconds), pct(selectorCpu, seconds),
        perDelivery(clientCpu, delivered), perDelivery(selectorCpu, delivered), subs.disconnected(), subs.failed(), publisher.refused(), publisher.late(),
        acks.getValueAtPercentile(50) / 1e3, acks.getValueAtPercentile(99) / 1e3));
    if (publisher.firstRefusal() != null) {
      System.err.println("fanout " + target + ": first refused push: " + publisher.firstRefusal());
    }
    System.exit(0);
  }

  private static double perDelivery(long cpuMicros, long delivered) {
    return delivered == 0 ? 0 : (double) cpuMicros / delivered;
  }

  private static double pct(long cpuMicros, double seconds) {
    return seconds <= 0 ? 0 : cpuMicros / 1e4 / seconds;
  }

  private static void sleepUntil(long when) throws InterruptedException {
    long wait;
    while ((wait = when - SendTime.now()) > 0) {
      Thread.sleep(Math.max(1, wait / 1_000_000));
    }
  }
}
