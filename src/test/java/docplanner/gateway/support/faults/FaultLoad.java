package docplanner.gateway.support.faults;

import docplanner.gateway.Gateway;
import docplanner.gateway.e2e.FeedSubscriber;
import docplanner.gateway.e2e.Pusher;
import docplanner.gateway.e2e.SlotBookedEvents;
import docplanner.gateway.e2e.SseSubscriber;
import docplanner.gateway.e2e.WsSubscriber;
import docplanner.gateway.support.RedisCommands;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sustained load for one fault: unique pushes at a steady rate (each retried on 502/503/504 or a
 * broken connection, as Docplanner's retries and release would), or another {@link Source} of
 * events such as the sandbox's pull queue, and SSE and WebSocket subscribers that resume from their
 * last id, all recorded by an {@link InvariantChecker}.
 *
 * <pre>
 * try (FaultLoad load = FaultLoad.start("redis-slow", Shape.DEFAULT, target)) {
 *   load.awaitSteady();
 *   load.faultStarts(); ...inject...; load.faultEnds();
 *   load.finish(() -> FaultLoad.stream(redisPort, key));   // prints the summary line, asserts
 * }
 * </pre>
 */
public final class FaultLoad implements AutoCloseable {

  /** How much load: pushes per second for {@code seconds}, and how many subscribers of each kind. */
  public record Shape(double rate, int seconds, int sse, int ws) {
    /** A few hundred pushes a second for 12 s: long enough for a fault and its recovery, short enough for verify. */
    public static final Shape DEFAULT = new Shape(200, 12, 3, 3);

    public int events() {
      return (int) (rate * seconds);
    }
  }

  /** Where the events come from: runs until every event is acknowledged or the deadline passes. */
  public interface Source {
    void run(long deadlineMillis) throws InterruptedException;

    int ackedCount();
  }

  /** Injects a fault, holds it until the gateway met it, and ends it. */
  public interface Fault {
    void run() throws Exception;
  }

  /** Where the load goes: the push endpoints and feed ports (several for replicas), and how to read the heap. */
  public record Target(List<URI> push, int[] feedPorts, LongSupplier heapBytes) {
    /** A gateway in this JVM: the heap is this JVM's. */
    public static Target of(Gateway gateway) {
      URI push = URI.create("http://127.0.0.1:" + gateway.config().push().port() + gateway.config().push().endpointPath());
      return new Target(List.of(push), new int[] {gateway.config().feed().port()},
          () -> ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
  }

  private static final Path SUMMARIES = Path.of("target", "fault-summaries.txt");

  private final InvariantChecker checker;
  private final Shape shape;
  private final Source source;
  private final List<FeedSubscriber> subscribers = new ArrayList<>();
  private final Thread pushing;
  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "fault-heap-sampler");
    t.setDaemon(true);
    return t;
  });

  private FaultLoad(String fault, Shape shape, Target target, Function<InvariantChecker, Source> source) {
    this.checker = new InvariantChecker(fault);
    this.shape = shape;
    for (int i = 0; i < shape.sse() + shape.ws(); i++) {
      // Spread over the replicas: subscriber i starts on port i, and moves on to the next on each reconnect.
      int[] ports = rotate(target.feedPorts(), i);
      FeedSubscriber s = i < shape.sse() ? new SseSubscriber(fault + "-sse-" + i, "127.0.0.1", ports)
          : new WsSubscriber(fault + "-ws-" + (i - shape.sse()), "127.0.0.1", ports);
      subscribers.add(s);
      Thread thread = new Thread(s, s.name);
      thread.setDaemon(true);
      thread.start();
    }
    this.source = source.apply(checker);
    sampler.scheduleAtFixedRate(() -> checker.heapSample(target.heapBytes().getAsLong()), 0, 250, TimeUnit.MILLISECONDS);
    long deadline = System.currentTimeMillis() + shape.seconds() * 1_000L + 45_000;
    this.pushing = new Thread(() -> {
      try {
        this.source.run(deadline);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, fault + "-pusher");
    pushing.setDaemon(true);
  }

  /** Connects the subscribers, then starts pushing to {@code target} once they are all connected. */
  public static FaultLoad start(String fault, Shape shape, Target target) {
    return start(fault, shape, target, checker -> pushes(target, shape, checker));
  }

  /** The same with events from {@code source} (made for the load's checker) instead of pushes. */
  public static FaultLoad start(String fault, Shape shape, Target target, Function<InvariantChecker, Source> source) {
    FaultLoad load = new FaultLoad(fault, shape, target, source);
    await("subscribers connected").atMost(Duration.ofSeconds(30))
        .until(() -> load.subscribers.stream().allMatch(s -> s.connected));
    load.pushing.start();
    return load;
  }

  private static Source pushes(Target target, Shape shape, InvariantChecker checker) {
    Pusher pusher = new Pusher(target.push(), new SlotBookedEvents(System.nanoTime()), shape.events(), shape.rate());
    pusher.onAttempt(checker::pushed);
    return new Source() {
      @Override
      public void run(long deadlineMillis) throws InterruptedException {
        pusher.run(8, deadlineMillis);
      }

      @Override
      public int ackedCount() {
        return pusher.ackedCount();
      }
    };
  }

  public InvariantChecker checker() {
    return checker;
  }

  public List<FeedSubscriber> subscribers() {
    return subscribers;
  }

  /** Waits for a second's worth of acknowledged pushes, so the fault hits a gateway under load. */
  public void awaitSteady() {
    await("load under way").atMost(Duration.ofSeconds(30)).until(() -> source.ackedCount() >= shape.rate());
  }

  public void faultStarts() {
    checker.faultStarts();
  }

  public void faultEnds() {
    checker.faultEnds();
  }

  /** Holds the fault until the pushes sent during it got {@code n} refusals (non-2xx or broken connections). */
  public void awaitRefusals(long n) {
    long before = checker.refusedSoFar();
    await("refusals during the fault").atMost(Duration.ofSeconds(30)).until(() -> checker.refusedSoFar() - before >= n);
  }

  /** Holds the fault until {@code n} pushes sent during it were acknowledged. */
  public void awaitAckedDuringFault(long n) {
    await("acknowledgements during the fault").atMost(Duration.ofSeconds(30)).until(() -> checker.ackedSinceFault() >= n);
  }

  public int ackedCount() {
    return source.ackedCount();
  }

  /**
   * The course of every fault test: the load under way, then {@code fault} (timed as the fault),
   * then {@link #finish} against the stream as {@code stream} reads it.
   */
  public InvariantChecker.Result around(Fault fault, Supplier<List<InvariantChecker.Entry>> stream) throws Exception {
    awaitSteady();
    faultStarts();
    fault.run();
    faultEnds();
    return finish(stream);
  }

  /**
   * Lets the pushes finish, waits for the subscribers to catch up with the stream, then checks
   * every invariant (the summary line is printed whatever the outcome) and fails on any breach.
   */
  public InvariantChecker.Result finish(Supplier<List<InvariantChecker.Entry>> stream) throws InterruptedException {
    InvariantChecker.Result result = settle(stream);
    report(result.line());
    assertThat(result.problems()).as(result.line()).isEmpty();
    assertThat(result.lost()).as("lost").isZero();
    assertThat(result.duplicated()).as("duplicated").isZero();
    assertThat(result.disorder()).as("out of order").isZero();
    assertThat(result.acked()).as("every event acknowledged once the fault is over").isEqualTo(shape.events());
    return result;
  }

  private static final java.util.regex.Pattern LOST_ACK =
      java.util.regex.Pattern.compile("acknowledged event \\d+ \\((\\d+)-\\d+\\) is not in the stream");

  /**
   * {@link #finish} after the failover of an asynchronously replicated primary, which may take with
   * it what it acknowledged last, before its replica had it. Those losses are reported explicitly
   * (the summary line gets {@code lost_acked_on_failover=N}, each one is printed) instead of
   * failing, but only when the old primary acknowledged them before it died at {@code diedMillis};
   * a subscriber that had seen entries the surviving stream lacks (acknowledged ones among those
   * losses, or refused ones the old primary had stored without passing them on) passes when it
   * has every surviving entry once and in order: the same loss seen from the feed. Anything else
   * fails as in {@link #finish}.
   */
  public InvariantChecker.Result finishAcceptingFailoverLoss(Supplier<List<InvariantChecker.Entry>> stream,
                                                             long diedMillis) throws InterruptedException {
    InvariantChecker.Result result = settle(stream);
    List<String> losses = new ArrayList<>();
    List<String> other = new ArrayList<>();
    for (String problem : result.problems()) {
      java.util.regex.Matcher m = LOST_ACK.matcher(problem);
      if (m.find() && Long.parseLong(m.group(1)) <= diedMillis) {
        losses.add(problem);
      } else {
        other.add(problem);
      }
    }
    // A subscriber that received, before the failover, entries the old primary had not passed on
    // (acknowledged ones are among the losses above; refused ones Docplanner delivers again): every
    // entry of the surviving stream received once and in order, the lost ones extra.
    other.removeIf(p -> p.contains("missing=0 duplicates=0 disorder=0 not_in_stream="));
    report(result.line() + " lost_acked_on_failover=" + losses.size());
    losses.forEach(loss -> System.out.println("  lost on failover: " + loss));
    assertThat(other).as(result.line()).isEmpty();
    assertThat(result.duplicated()).as("duplicated").isZero();
    assertThat(result.acked()).as("every event acknowledged once the fault is over").isEqualTo(shape.events());
    return result;
  }

  /** Lets the pushes finish and the subscribers catch up, and checks (the result, not yet asserted). */
  private InvariantChecker.Result settle(Supplier<List<InvariantChecker.Entry>> stream) throws InterruptedException {
    pushing.join(shape.seconds() * 1_000L + 60_000);
    assertThat(pushing.isAlive()).as("the pusher finished").isFalse();
    // Acknowledged is not yet stored for every source (a pulled event waits in the queue): wait for them all.
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> stream.get().size() >= source.ackedCount());
    } catch (ConditionTimeoutException e) {
      // the checker below names what is missing
    }
    List<InvariantChecker.Entry> entries = stream.get();
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> subscribers.stream().allMatch(s -> s.count() >= entries.size()));
    } catch (ConditionTimeoutException e) {
      // counted as lost by the checker below, with the details
    }
    subscribers.forEach(FeedSubscriber::stop);
    sampler.shutdownNow();
    return checker.result(entries, subscribers);
  }

  @Override
  public void close() {
    subscribers.forEach(FeedSubscriber::stop);
    pushing.interrupt();
    sampler.shutdownNow();
  }

  /** Prints the summary line, and appends it to target/fault-summaries.txt so one run's lines can be read together. */
  public static void report(String line) {
    System.out.println(line);
    try {
      Files.createDirectories(SUMMARIES.getParent());
      Files.writeString(SUMMARIES, line + System.lineSeparator(), StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every entry of the stream {@code key} on the Redis at {@code port}, oldest first. */
  public static List<InvariantChecker.Entry> stream(int redisPort, String key) {
    return entries(RedisCommands.value("127.0.0.1", redisPort, "XRANGE", key, "-", "+"));
  }

  /** The entries of an {@code XRANGE key - +} reply, oldest first. */
  public static List<InvariantChecker.Entry> entries(Object range) {
    List<InvariantChecker.Entry> entries = new ArrayList<>();
    for (Object item : (List<?>) range) {
      List<?> entry = (List<?>) item;
      List<?> fields = (List<?>) entry.get(1);
      String notification = "";
      for (int i = 0; i + 1 < fields.size(); i += 2) {
        if ("notification".equals(fields.get(i))) {
          notification = String.valueOf(fields.get(i + 1));
        }
      }
      entries.add(InvariantChecker.Entry.of((String) entry.get(0), notification));
    }
    return entries;
  }

  private static int[] rotate(int[] ports, int by) {
    int[] out = new int[ports.length];
    for (int i = 0; i < ports.length; i++) {
      out[i] = ports[(i + by) % ports.length];
    }
    return out;
  }
}
