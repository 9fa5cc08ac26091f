package docplanner.gateway.feed;

import docplanner.gateway.ops.StageTiming;
import docplanner.gateway.store.RedisErrors;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import io.vertx.core.Future;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The feed's own metrics, shared by the feed instances of one process. */
public final class FeedStats {

  private static final String[] PROTOCOLS = {"sse", "ws"};

  private final Map<String, AtomicInteger> subscribers = new ConcurrentHashMap<>();
  private final Map<String, Counter> cutOffs = new ConcurrentHashMap<>();
  private final Map<String, Counter> connects = new ConcurrentHashMap<>();
  private final Counter eventsSent;
  private final Counter eventsRead;
  private final Counter replays;
  private final Counter replayedEntries;
  private final Counter resets;
  private final Counter readerPauses;
  private final Counter readerHeld;
  private final AtomicInteger starting = new AtomicInteger();
  private final Counter readErrors;
  private final Counter tailErrors;
  private final StageTiming stages;

  public FeedStats(MeterRegistry registry) {
    this(registry, StageTiming.OFF);
  }

  /** @param stages the process's stage timing (metrics.stage-timing), shared with the push side */
  public FeedStats(MeterRegistry registry, StageTiming stages) {
    this.stages = stages;
    for (String protocol : PROTOCOLS) {
      AtomicInteger gauge = new AtomicInteger();
      subscribers.put(protocol, gauge);
      registry.gauge("gateway.feed.subscribers", io.micrometer.core.instrument.Tags.of("protocol", protocol), gauge);
      cutOffs.put(protocol, Counter.builder("gateway.feed.slow.disconnects")
          .description("Subscribers cut off because more than feed.max-buffer was queued for them")
          .tag("protocol", protocol).register(registry));
      connects.put(protocol, Counter.builder("gateway.feed.connections")
          .description("Subscriber connections accepted").tag("protocol", protocol).register(registry));
    }
    eventsSent = Counter.builder("gateway.feed.events.sent")
        .description("Events written to live subscribers (after their filters)").register(registry);
    eventsRead = Counter.builder("gateway.feed.events.read")
        .description("Stream entries read by the live tail reader").register(registry);
    replays = Counter.builder("gateway.feed.replays").description("Subscribers that replayed history").register(registry);
    replayedEntries = Counter.builder("gateway.feed.replayed.entries")
        .description("Stream entries read for replays").register(registry);
    resets = Counter.builder("gateway.feed.resets")
        .description("Resume ids that were trimmed or unknown (an event: reset was sent)").register(registry);
    readerPauses = Counter.builder("gateway.feed.reader.pauses")
        .description("Times the stream reader stopped reading because nobody subscribed in this process").register(registry);
    readerHeld = Counter.builder("gateway.feed.reader.held")
        .description("Times the stream reader waited for a busy feed instance to work its queue down (feed.mailbox-limit)")
        .register(registry);
    registry.gauge("gateway.feed.subscribers.starting", starting);
    readErrors = RedisErrors.counter(registry, "feed");
    tailErrors = RedisErrors.counter(registry, "tailer");
  }

  void subscribed(String protocol) {
    subscribers.get(protocol).incrementAndGet();
    connects.get(protocol).increment();
  }

  void unsubscribed(String protocol) {
    subscribers.get(protocol).decrementAndGet();
  }

  void cutOff(String protocol) {
    cutOffs.get(protocol).increment();
  }

  void dispatched(int deliveries) {
    eventsSent.increment(deliveries);
  }

  void replayStarted() {
    replays.increment();
  }

  void replayed(int entries) {
    replayedEntries.increment(entries);
  }

  void reset() {
    resets.increment();
  }

  void readerPaused() {
    readerPauses.increment();
  }

  void readerHeld() {
    readerHeld.increment();
  }

  /** A subscription request is waiting for its start point (before it is connected). */
  void starting() {
    starting.incrementAndGet();
  }

  /** It has its start point, or is gone. */
  void started() {
    starting.decrementAndGet();
  }

  /** Subscription requests waiting for their start point right now. */
  public int startingSubscribers() {
    return starting.get();
  }

  /** The stream readers (one per feed instance), for tests in this package. */
  List<StreamTail> tails() {
    return List.copyOf(tails);
  }

  /** A history read (replay, resume point) failed. */
  void readFailed() {
    readErrors.increment();
  }

  /** A live tail read failed. */
  void tailFailed() {
    tailErrors.increment();
  }

  /** One per feed instance; changed only when instances start or stop. */
  private final List<StreamTail> tails = new java.util.concurrent.CopyOnWriteArrayList<>();

  void attach(StreamTail streamTail) {
    tails.add(streamTail);
  }

  void detach(StreamTail streamTail) {
    tails.remove(streamTail);
  }

  void read(int entries) {
    eventsRead.increment(entries);
  }

  /** True when the process's stream readers (one per feed instance) run and each one's last read succeeded. */
  public boolean readersHealthy() {
    return !tails.isEmpty() && tails.stream().allMatch(StreamTail::healthy);
  }

  /**
   * The id of the last entry the furthest-behind stream reader handed to its feed instance (null
   * before they started, or while all are idle): the feed's lag is its slowest reader's.
   */
  public docplanner.gateway.event.StreamId readerPosition() {
    return tails.stream().filter(t -> !t.idle()).map(StreamTail::position)
        .min(java.util.Comparator.naturalOrder()).orElse(null);
  }

  /** True while no stream reader reads because no subscriber listens in this process. */
  public boolean readerIdle() {
    return !tails.isEmpty() && tails.stream().allMatch(StreamTail::idle);
  }

  /** Current subscribers of one protocol in this process. */
  public int subscribers(String protocol) {
    return subscribers.get(protocol).get();
  }

  /**
   * Stage timing: the tail handled an {@code XREAD} reply carrying {@code entries}; when (a
   * {@link System#nanoTime}), or 0 when stage timing is off.
   */
  long tailRead(List<StreamEntry> entries) {
    if (!stages.on()) {
      return 0;
    }
    long now = System.nanoTime();
    for (StreamEntry entry : entries) {
      stages.tailRead(entry.id().millis(), entry.id().sequence(), now);
    }
    return now;
  }

  /**
   * Stage timing: a feed instance took {@code batches} from its mailbox to deliver them; when (a
   * {@link System#nanoTime}), or 0 when stage timing is off.
   */
  long taken(List<TailBatch> batches) {
    if (!stages.on()) {
      return 0;
    }
    long now = System.nanoTime();
    for (TailBatch batch : batches) {
      stages.taken(batch.readNanos(), now, batch.size());
    }
    return now;
  }

  /** Stage timing: {@code events}, taken at {@code taken}, were written at {@code writeAt}; done when {@code written} is. */
  void written(Future<Void> written, List<EncodedEvent> events, long taken, long writeAt) {
    written.onSuccess(v -> {
      for (EncodedEvent event : events) {
        stages.flushed(event.id().millis(), event.id().sequence(), taken, writeAt);
      }
    });
  }
}
