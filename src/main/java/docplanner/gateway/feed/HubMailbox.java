package docplanner.gateway.feed;

import io.vertx.core.Context;
import io.vertx.core.internal.ContextInternal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the tail sends one feed instance (batches, its start position, requests to let go of it),
 * delivered on the instance's event loop strictly in the order sent. Batches that queue up while
 * the instance is busy are handed over together, so a subscriber then gets them in one write:
 * under load the work per event shrinks instead of the backlog growing.
 *
 * <p>Bounded: the tail does not read again while {@link #full} (more than {@code highWater}
 * events queued), so at most one read beyond that can be waiting here; once the instance has
 * worked the queue down to half of it, {@link #whenRoom} tells the tail to read on. Nothing is
 * lost meanwhile: the entries stay in Redis and the tail resumes from its last id. Each turn of
 * the event loop spends at most {@link FeedHub#TURN_NANOS} here, then yields to the loop's sockets,
 * and every {@link #TURNS_PER_CORE_YIELD} turns in a row also the core to other threads waiting
 * for it.
 */
final class HubMailbox {

  /** At most this many events are handed over at once (bounds one write per subscriber). */
  static final int MAX_EVENTS_PER_DISPATCH = 2_000;

  /**
   * Deliveries still running after this many turns cut short in a row (0.3 ms, counted from the
   * mailbox last found empty) give up the core, and again after as many more. After every turn
   * (docs/performance.md, twenty-eighth and twenty-ninth rounds) a reader of the frames on the same
   * machine runs after each turn for a few subscribers at a time, and its extra runs put the last
   * subscribers of a short delivery later (p99 up 0.1-0.5 ms); a delivery that ends within 0.3 ms
   * keeps the core, a longer one still lets the others in. On a slower machine (thirtieth round)
   * this lowered the server's own delivery time at p50 and p99 too, and cost only a co-located
   * reader's p50 (up to 0.25 ms), which a deployment's subscribers on other machines do not pay.
   */
  static final int TURNS_PER_CORE_YIELD = 3;

  private final Context context;
  private final FeedHub hub;
  private final int highWater;
  private final ConcurrentLinkedQueue<Object> items = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final AtomicInteger queuedEvents = new AtomicInteger();
  private final AtomicInteger peakEvents = new AtomicInteger();
  /** Turns cut short since the mailbox was last empty (only touched on its event loop). */
  private int longTurns;
  /** Set while the tail waits for room here: called (once) when the queue is down to half. */
  private final java.util.concurrent.atomic.AtomicReference<Runnable> roomWaiter =
      new java.util.concurrent.atomic.AtomicReference<>();

  HubMailbox(Context context, FeedHub hub, int highWater) {
    this.context = context;
    this.hub = hub;
    this.highWater = highWater;
  }

  void post(TailBatch batch) {
    int queued = queuedEvents.addAndGet(batch.size());
    peakEvents.accumulateAndGet(queued, Math::max);
    enqueue(batch);
  }

  void post(Runnable task) {
    enqueue(task);
  }

  /** True while more than the high-water mark of events waits here. */
  boolean full() {
    return queuedEvents.get() > highWater;
  }

  /**
   * Runs {@code room} (on the instance's loop) once the queue is down to half the high-water mark;
   * true when that is already so (then it is not run).
   */
  boolean whenRoom(Runnable room) {
    roomWaiter.set(room);
    if (queuedEvents.get() <= highWater / 2 && roomWaiter.compareAndSet(room, null)) {
      return true;
    }
    return false;
  }

  /** The most events that ever waited here (the bound holds: at most high-water plus one read). */
  int peak() {
    return peakEvents.get();
  }

  /** The context (event loop) this instance runs on. */
  Context context() {
    return context;
  }

  private void enqueue(Object item) {
    items.add(item);
    if (scheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> drain());
    }
  }

  private void drain() {
    long deadline = System.nanoTime() + FeedHub.TURN_NANOS;
    while (hub.deliver(deadline)) {
      if (System.nanoTime() - deadline > 0) {
        break;
      }
      Object item = items.poll();
      if (item == null) {
        scheduled.set(false);
        longTurns = 0;
        // Posted after the poll but before the flag was cleared: nobody else will schedule it.
        if (!items.isEmpty() && scheduled.compareAndSet(false, true)) {
          continue;
        }
        return;
      }
      if (item instanceof TailBatch batch) {
        hub.dispatch(collect(batch));
      } else {
        ((Runnable) item).run();
      }
    }
    yieldToSockets();
  }

  /**
   * Drains on (the rest, in order) once the event loop has read its sockets. Netty 4.2's loop runs
   * the tasks that tasks queue in the same pass, for up to a second, so {@code runOnContext} would
   * go on writing before any socket is read: a push or a Redis reply arriving on this loop would wait
   * for the whole delivery. A task scheduled with no delay is taken only at the next pass, which polls
   * the sockets first (without blocking, since a task is due).
   */
  private void yieldToSockets() {
    // A long delivery also gives up the core to the threads waiting for one (sched_yield, returns
    // at once when none is): a push loop with an acknowledgement to send, a co-located reader of
    // the frames written so far. Without it they wait for the whole delivery, both loops writing on
    // both cores; with it after every turn, a short delivery pays for their extra runs at its end.
    if (++longTurns % TURNS_PER_CORE_YIELD == 0) {
      Thread.yield();
    }
    ContextInternal loop = (ContextInternal) context;
    loop.nettyEventLoop().schedule(() -> loop.dispatch(v -> drain()), 0, TimeUnit.NANOSECONDS);
  }

  /** {@code first} and the batches queued right behind it, up to {@link #MAX_EVENTS_PER_DISPATCH} events. */
  private List<TailBatch> collect(TailBatch first) {
    List<TailBatch> run = new ArrayList<>();
    run.add(first);
    int events = first.size();
    while (events < MAX_EVENTS_PER_DISPATCH && items.peek() instanceof TailBatch) {
      TailBatch next = (TailBatch) items.poll();
      run.add(next);
      events += next.size();
    }
    taken(events);
    return run;
  }

  private void taken(int events) {
    int queued = queuedEvents.addAndGet(-events);
    if (queued <= highWater / 2) {
      Runnable room = roomWaiter.getAndSet(null);
      if (room != null) {
        room.run();
      }
    }
  }
}
