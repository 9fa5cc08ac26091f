package docplanner.gateway.ops;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.AtomicHistogram;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a delivered event's time goes ({@code metrics.stage-timing}): the time between consecutive
 * stages of its way through this process, as distributions. Off by default; off, every hook is one
 * branch on a final field. On, each hook is a {@link System#nanoTime} and a few atomic increments
 * into fixed histograms (no allocation per event, memory fixed at start).
 *
 * <p>The stages of an event that was pushed to this process and delivered by it:
 * <ol>
 *   <li>{@code store}: push body read → the store script's reply handled (push loop);</li>
 *   <li>{@code tail}: that reply → the {@code XREAD} reply carrying the entry handled (once per
 *       feed instance: each has a reader of its own). Redis sends the replies in the same turn, on
 *       separate connections, so a reader may be first: that counts 0 here and in
 *       {@code tailBeforeReply};</li>
 *   <li>{@code mailbox}: the {@code XREAD} reply → the feed instance takes the batch from its
 *       mailbox (the reader runs on the instance's own loop: this is the wait behind the loop's
 *       other work);</li>
 *   <li>{@code write}: taken → the write call for one subscriber (the subscribers before it in
 *       the delivery, and the loop's other work);</li>
 *   <li>{@code flush}: the write call → the write completed, i.e. handed to the kernel;</li>
 *   <li>{@code total}: push body read → flush. A delivery can beat its own push's reply (the
 *       tail was first and the push loop busy): it has no push time yet and counts in
 *       {@code deliveredBeforeReply} instead.</li>
 * </ol>
 * The last three are per delivery (event × subscriber). Events read from the stream that this
 * process did not take in (another replica's, pulled ones) count from {@code mailbox} on.
 * Alongside, {@code gc-pause}: the JVM's stop-the-world collections while on (millisecond
 * resolution), to tell a tail caused by pauses from one caused by queueing.
 *
 * <p>Push and tail meet in a small table of recent stream ids ({@link #TRACES} slots, a slot
 * overwritten by a newer id that hashes to it): an event whose slot was taken before its
 * delivery only misses {@code tail} and {@code total}. A sampling instrument, not an audit.
 */
public final class StageTiming {

  /** The stages, in order, and their metric label. */
  public enum Stage {
    STORE, TAIL, MAILBOX, WRITE, FLUSH, TOTAL, GC_PAUSE;

    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** Off: every hook returns at once, nothing is allocated. */
  public static final StageTiming OFF = new StageTiming(false);

  static final int TRACES = 4096;
  private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(60);
  private static final double[] QUANTILES = {0.5, 0.9, 0.99};

  private final boolean on;
  private final AtomicHistogram[] histograms;
  private final Trace[] traces;
  private final AtomicLong tailBeforeReply = new AtomicLong();
  private final AtomicLong deliveredBeforeReply = new AtomicLong();
  private volatile long sinceNanos = System.nanoTime();

  /** The recent stream ids, and when each passed the push and the tail. Guarded by itself. */
  private static final class Trace {
    long millis = -1;
    long sequence;
    long read;
    long replied;
    long tailRead;

    boolean is(long m, long s) {
      return millis == m && sequence == s;
    }

    void claim(long m, long s) {
      if (!is(m, s)) {
        millis = m;
        sequence = s;
        read = 0;
        replied = 0;
        tailRead = 0;
      }
    }
  }

  private StageTiming(boolean on) {
    this.on = on;
    this.histograms = new AtomicHistogram[on ? Stage.values().length : 0];
    this.traces = new Trace[on ? TRACES : 0];
    for (int i = 0; i < histograms.length; i++) {
      histograms[i] = new AtomicHistogram(HIGHEST_NANOS, 2);
    }
    for (int i = 0; i < traces.length; i++) {
      traces[i] = new Trace();
    }
  }

  /** A recorder when {@code on} (one per process), else {@link #OFF}. */
  public static StageTiming create(boolean on) {
    if (!on) {
      return OFF;
    }
    StageTiming timing = new StageTiming(true);
    timing.listenToCollections();
    return timing;
  }

  public boolean on() {
    return on;
  }

  // ---- hooks, each called only when on() ----

  /** Push loop: the store script answered for the push whose body was read at {@code readNanos}. */
  public void stored(long readNanos, long millis, long sequence) {
    long now = System.nanoTime();
    record(Stage.STORE, now - readNanos);
    Trace trace = trace(millis, sequence);
    boolean tailFirst;
    synchronized (trace) {
      trace.claim(millis, sequence);
      trace.read = readNanos;
      trace.replied = now;
      tailFirst = trace.tailRead != 0;
    }
    if (tailFirst) {
      tailBeforeReply.incrementAndGet();
      record(Stage.TAIL, 0);
    }
  }

  /**
   * Tail loop: an {@code XREAD} reply handled at {@code now} carried this entry. Each feed
   * instance has its own reader, so this comes once per instance; the first one counts for
   * {@code tailBeforeReply}.
   */
  public void tailRead(long millis, long sequence, long now) {
    Trace trace = trace(millis, sequence);
    long replied;
    synchronized (trace) {
      trace.claim(millis, sequence);
      if (trace.tailRead == 0) {
        trace.tailRead = now;
      }
      replied = trace.replied;
    }
    if (replied != 0) {
      record(Stage.TAIL, now - replied);
    }
  }

  /** Feed loop: a feed instance took {@code events} from its mailbox at {@code now}; its reader handled them at {@code readNanos}. */
  public void taken(long readNanos, long now, int events) {
    record(Stage.MAILBOX, now - readNanos, events);
  }

  /**
   * Feed loop: one subscriber's write of this entry, called at {@code writeNanos} for a delivery
   * taken at {@code takenNanos}, completed now.
   */
  public void flushed(long millis, long sequence, long takenNanos, long writeNanos) {
    long now = System.nanoTime();
    record(Stage.WRITE, writeNanos - takenNanos);
    record(Stage.FLUSH, now - writeNanos);
    Trace trace = trace(millis, sequence);
    long read;
    boolean beforeReply;
    synchronized (trace) {
      read = trace.is(millis, sequence) ? trace.read : 0;
      beforeReply = read == 0 && trace.is(millis, sequence);
    }
    if (read != 0) {
      record(Stage.TOTAL, now - read);
    } else if (beforeReply) {
      deliveredBeforeReply.incrementAndGet();
    }
  }

  private Trace trace(long millis, long sequence) {
    long h = millis * 0x9E3779B97F4A7C15L + sequence;
    return traces[(int) (h ^ (h >>> 29)) & (TRACES - 1)];
  }

  private void record(Stage stage, long nanos) {
    record(stage, nanos, 1);
  }

  private void record(Stage stage, long nanos, int times) {
    histograms[stage.ordinal()].recordValueWithCount(Math.min(Math.max(nanos, 0), HIGHEST_NANOS), times);
  }

  private void listenToCollections() {
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      // G1 and ZGC also report their concurrent cycles here: those do not stop the application.
      if (collector instanceof NotificationEmitter emitter && !collector.getName().contains("Concurrent")
          && !collector.getName().contains("Cycles")) {
        emitter.addNotificationListener((notification, handback) -> {
          if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            record(Stage.GC_PAUSE, TimeUnit.MILLISECONDS.toNanos(info.getGcInfo().getDuration()));
          }
        }, null, null);
      }
    }
  }

  // ---- reading ----

  /** Starts every distribution afresh (e.g. at the start of a measured window). */
  public void reset() {
    for (AtomicHistogram histogram : histograms) {
      histogram.reset();
    }
    tailBeforeReply.set(0);
    deliveredBeforeReply.set(0);
    sinceNanos = System.nanoTime();
  }

  /** Every stage's count, p50/p90/p99/max (ms) since the start or the last {@link #reset}. */
  public JsonObject snapshot() {
    JsonArray stages = new JsonArray();
    for (Stage stage : Stage.values()) {
      AtomicHistogram h = histograms[stage.ordinal()];
      stages.add(new JsonObject()
          .put("stage", stage.label())
          .put("count", h.getTotalCount())
          .put("p50_ms", millis(h.getValueAtPercentile(50)))
          .put("p90_ms", millis(h.getValueAtPercentile(90)))
          .put("p99_ms", millis(h.getValueAtPercentile(99)))
          .put("max_ms", millis(h.getMaxValue())));
    }
    return new JsonObject()
        .put("seconds", (System.nanoTime() - sinceNanos) / 1e9)
        .put("tail_before_reply", tailBeforeReply.get())
        .put("delivered_before_reply", deliveredBeforeReply.get())
        .put("stages", stages);
  }

  private static double millis(long nanos) {
    return Math.round(nanos / 1e3) / 1e3;
  }

  /**
   * {@code gateway_feed_stage_seconds{stage,quantile}}, {@code gateway_feed_stage_max_seconds{stage}}
   * and {@code gateway_feed_stage_events{stage}}, over the same span as {@link #snapshot}.
   */
  public void register(MeterRegistry registry) {
    if (!on) {
      return;
    }
    for (Stage stage : Stage.values()) {
      AtomicHistogram h = histograms[stage.ordinal()];
      for (double q : QUANTILES) {
        Gauge.builder("gateway.feed.stage", h, x -> x.getValueAtPercentile(q * 100) / 1e9)
            .description("Time between consecutive stages of a delivered event (metrics.stage-timing)")
            .baseUnit("seconds").tag("stage", stage.label()).tag("quantile", Double.toString(q)).register(registry);
      }
      Gauge.builder("gateway.feed.stage.max", h, x -> x.getMaxValue() / 1e9)
          .description("Longest time between these consecutive stages (metrics.stage-timing)")
          .baseUnit("seconds").tag("stage", stage.label()).register(registry);
      Gauge.builder("gateway.feed.stage.events", h, AtomicHistogram::getTotalCount)
          .description("Samples behind gateway_feed_stage_seconds (metrics.stage-timing)")
          .tag("stage", stage.label()).register(registry);
    }
  }
}
