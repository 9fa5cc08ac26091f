package docplanner.gateway.support.faults;

import docplanner.gateway.e2e.SlotBookedEvents;
import docplanner.gateway.support.SandboxClient;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Events for the pull model: unique notifications put into the sandbox's queue (not pushed) at a
 * steady rate, a tenth of a second's worth at a time, for the gateway's puller to fetch. An event
 * counts as acknowledged once the sandbox took it in; the checker then wants it in the stream once.
 */
public final class QueueFeeder implements FaultLoad.Source {

  private static final int BATCHES_PER_SECOND = 10;

  private final SandboxClient docplanner;
  private final FaultLoad.Shape shape;
  private final InvariantChecker checker;
  private final SlotBookedEvents events = new SlotBookedEvents(System.nanoTime());
  private final AtomicInteger acked = new AtomicInteger();

  public QueueFeeder(SandboxClient docplanner, FaultLoad.Shape shape, InvariantChecker checker) {
    this.docplanner = docplanner;
    this.shape = shape;
    this.checker = checker;
  }

  @Override
  public void run(long deadlineMillis) {
    int perBatch = (int) Math.max(1, shape.rate() / BATCHES_PER_SECOND);
    long start = System.nanoTime();
    int n = 0;
    for (int batch = 0; n < shape.events() && System.currentTimeMillis() < deadlineMillis; batch++) {
      LockSupport.parkNanos(start + batch * 1_000_000_000L / BATCHES_PER_SECOND - System.nanoTime()); // pacing
      int from = n;
      int to = Math.min(shape.events(), n + perBatch);
      StringBuilder array = new StringBuilder("[");
      for (int i = from; i < to; i++) {
        array.append(i > from ? "," : "").append(events.body(i));
      }
      long sent = System.nanoTime();
      int status = docplanner.admin("POST", "/notifications?deliver=queue", array.append(']').toString()).status();
      long took = System.nanoTime() - sent;
      if (status != 201) {
        throw new IllegalStateException("the sandbox refused to queue events: " + status);
      }
      for (int i = from; i < to; i++) {
        checker.pushed(i, 201, null, sent, took);
      }
      acked.addAndGet(to - from);
      n = to;
    }
  }

  @Override
  public int ackedCount() {
    return acked.get();
  }
}
