package docplanner.gateway.bench;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * The fan-out subscribers as {@link SseSubscribers} in this JVM, next to the publisher: both read
 * the same clock. Its CPU is the whole JVM's (publisher and JIT included); the selector thread's
 * own is told apart.
 */
final class JavaFanoutClient implements FanoutClient {

  private final SseSubscribers subs;
  private final Path deliveries;
  /** The selector thread's id in the kernel (for its schedstat), found at the first reading. */
  private long selectorTid = -1;

  /**
   * @param deliveries where {@link #finish} writes each delivery of the window (send time, latency),
   *                   or null; {@code capacity} deliveries at most
   */
  JavaFanoutClient(URI subscribe, String prime, int subscribers, Path deliveries, int capacity)
      throws InterruptedException {
    subs = new SseSubscribers(subscribe, prime);
    this.deliveries = deliveries;
    if (deliveries != null) {
      subs.logDeliveries(capacity);
    }
    subs.open(subscribers);
    subs.awaitOpen(120_000);
  }

  @Override
  public int connected() {
    return subs.streaming();
  }

  @Override
  public int failed() {
    return subs.failed();
  }

  @Override
  public String firstFailure() {
    return subs.firstFailure();
  }

  @Override
  public void window(long start, long end) {
    subs.window(start, end);
  }

  @Override
  public void drain(long expected, long deadline) throws InterruptedException {
    while (subs.deliveredSoFar() < expected && SendTime.now() < deadline) {
      Thread.sleep(10);
    }
  }

  @Override
  public long cpuMicros() {
    return ProcCpu.micros(ProcessHandle.current().pid());
  }

  @Override
  public long readerCpuMicros() {
    return subs.threadCpuNanos() / 1_000;
  }

  @Override
  public ThreadSched readerSched() {
    long self = ProcessHandle.current().pid();
    if (selectorTid < 0) {
      selectorTid = ThreadSched.threadNamed(self, SseSubscribers.THREAD_NAME);
    }
    return ThreadSched.read(self, selectorTid);
  }

  @Override
  public Deliveries finish() throws InterruptedException, IOException {
    subs.close();
    if (deliveries != null) {
      subs.writeDeliveries(deliveries);
    }
    Histogram latency = subs.latencyMicros();
    return new Deliveries(subs.delivered(), subs.disconnected(), latency.getValueAtPercentile(50) / 1e3,
        latency.getValueAtPercentile(99) / 1e3, latency.getMaxValue() / 1e3, 0);
  }
}
