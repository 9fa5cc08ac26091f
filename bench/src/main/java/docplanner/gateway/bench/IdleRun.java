package docplanner.gateway.bench;

import org.HdrHistogram.Histogram;

import java.net.URI;
import java.util.Locale;

/**
 * The idle case: N SSE subscribers that receive nothing but heartbeats. Measures the server JVM's
 * live heap (after a full GC, through jcmd) and RSS before and after they connect, per subscriber,
 * and whether heartbeats arrive on time (the gaps between reads on each connection while held).
 * Prints one {@code BENCH case=idle ...} line.
 *
 * <pre>--target NAME --subscribe URL --subscribers N --hold S --heartbeat-ms MS --server-pid P</pre>
 */
public final class IdleRun {

  private IdleRun() {
  }

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    String target = args.string("target");
    int subscribers = args.integer("subscribers", 10_000);
    long hold = (long) (args.decimal("hold", 10) * 1e9);
    long heartbeatMs = args.integer("heartbeat-ms", 2_000);
    long pid = Long.parseLong(args.string("server-pid"));
    long self = ProcessHandle.current().pid();

    long heapBefore = JvmHeap.usedAfterGc(pid);
    long rssBefore = ProcCpu.rssBytes(pid);

    long openStart = SendTime.now();
    SseSubscribers subs = new SseSubscribers(URI.create(args.string("subscribe")), null);
    subs.open(subscribers);
    boolean all = subs.awaitOpen(180_000);
    long openMillis = (SendTime.now() - openStart) / 1_000_000;
    int connected = subs.streaming();
    if (!all || connected < subscribers) {
      System.err.printf("idle %s: only %d of %d subscribers connected (failed %d: %s)%n", target, connected,
          subscribers, subs.failed(), subs.firstFailure());
    }

    long from = SendTime.now();
    long until = from + hold;
    subs.gaps(from, until, heartbeatMs * 3 / 2);
    long client0 = ProcCpu.micros(self);
    long server0 = ProcCpu.micros(pid);
    while (SendTime.now() < until) {
      Thread.sleep(50);
    }
    long serverCpu = ProcCpu.micros(pid) - server0;
    long clientCpu = ProcCpu.micros(self) - client0;
    // Measured while the subscribers are still connected.
    long heapAfter = JvmHeap.usedAfterGc(pid);
    long rssAfter = ProcCpu.rssBytes(pid);
    int stillConnected = subs.streaming();
    subs.close();
    int silent = subs.silent();

    Histogram gaps = subs.gapMillis();
    long onTime = gaps.getCountBetweenValues(0, heartbeatMs * 3 / 2);
    int n = Math.max(1, connected);
    System.out.println(String.format(Locale.ROOT,
        "BENCH case=idle target=%s subscribers=%d connected=%d connect_ms=%d held_s=%.0f"
            + " heap_before_mb=%.1f heap_after_mb=%.1f heap_per_sub_kib=%.2f"
            + " rss_before_mb=%.1f rss_after_mb=%.1f rss_per_sub_kib=%.2f"
            + " heartbeat_ms=%d heartbeat_gaps=%d gap_p50_ms=%d gap_p99_ms=%d gap_max_ms=%d heartbeat_on_time_pct=%.2f"
            + " silent_subscribers=%d still_connected=%d server_cpu_pct=%.1f client_cpu_pct=%.1f",
        target, subscribers, connected, openMillis, hold / 1e9,
        heapBefore / 1048576.0, heapAfter / 1048576.0, (heapAfter - heapBefore) / 1024.0 / n,
        rssBefore / 1048576.0, rssAfter / 1048576.0, (rssAfter - rssBefore) / 1024.0 / n,
        heartbeatMs, gaps.getTotalCount(), gaps.getValueAtPercentile(50), gaps.getValueAtPercentile(99),
        gaps.getMaxValue(), gaps.getTotalCount() == 0 ? 0 : 100.0 * onTime / gaps.getTotalCount(),
        silent, stillConnected, serverCpu / 1e4 / (hold / 1e9), clientCpu / 1e4 / (hold / 1e9)));
    System.exit(0);
  }
}
