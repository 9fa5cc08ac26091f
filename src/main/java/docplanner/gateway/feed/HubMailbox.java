package docplanner.gateway.feed;

import io.vertx.core.Context;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the tail sends one feed instance (batches, its start position, requests to let go of it),
 * delivered on the instance's event loop strictly in the order sent. Batches that queue up while
 * the instance is busy are handed over together, so a subscriber then gets them in one write:
 * under load the work per event shrinks instead of the backlog growing.
 */
final class HubMailbox {

  /** At most this many events are handed over at once (bounds one write per subscriber). */
  static final int MAX_EVENTS_PER_DISPATCH = 2_000;

  private final Context context;
  private final FeedHub hub;
  private final ConcurrentLinkedQueue<Object> items = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();

  HubMailbox(Context context, FeedHub hub) {
    this.context = context;
    this.hub = hub;
  }

  void post(TailBatch batch) {
    enqueue(batch);
  }

  void post(Runnable task) {
    enqueue(task);
  }

  private void enqueue(Object item) {
    items.add(item);
    if (scheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> drain());
    }
  }

  private void drain() {
    scheduled.set(false);
    List<TailBatch> run = new ArrayList<>();
    int events = 0;
    Object item;
    while ((item = items.poll()) != null) {
      if (item instanceof TailBatch batch) {
        run.add(batch);
        events += batch.size();
        if (events >= MAX_EVENTS_PER_DISPATCH) {
          hub.dispatch(run);
          run = new ArrayList<>();
          events = 0;
        }
      } else {
        if (!run.isEmpty()) {
          hub.dispatch(run);
          run = new ArrayList<>();
          events = 0;
        }
        ((Runnable) item).run();
      }
    }
    if (!run.isEmpty()) {
      hub.dispatch(run);
    }
  }
}
