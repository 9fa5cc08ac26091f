package docplanner.gateway.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pushes {@code total} distinct realistic notifications from a few threads, as fast as the
 * gateway acknowledges them, recording every acknowledged id.
 */
public final class Burst {

  private final List<String> acked = new CopyOnWriteArrayList<>();
  private final List<Integer> failures = new CopyOnWriteArrayList<>();
  private final AtomicInteger next = new AtomicInteger();
  private final Thread[] threads;
  private final CountDownLatch finished;
  private final Signal answered = new Signal();

  private Burst(PushClient push, int total, int threads, String tag) {
    this.threads = new Thread[threads];
    this.finished = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      this.threads[t] = new Thread(() -> {
        try {
          int i;
          while ((i = next.getAndIncrement()) < total) {
            PushClient.Answer answer = push.push(Notifications.slotBooked(tag + "-" + i, "f" + (i % 3), "d" + (i % 5)));
            if (answer.status() == 200) {
              acked.add(answer.json().getString("id"));
            } else {
              failures.add(answer.status());
            }
            answered.signal();
          }
        } finally {
          finished.countDown();
          answered.signal();
        }
      }, "burst-" + t);
      this.threads[t].start();
    }
  }

  public static Burst start(PushClient push, int total, int threads, String tag) {
    return new Burst(push, total, threads, tag);
  }

  public int ackedCount() {
    return acked.size();
  }

  public List<String> acked() {
    return List.copyOf(acked);
  }

  public List<Integer> failures() {
    return List.copyOf(failures);
  }

  /** Waits until {@code n} pushes were answered (acknowledged or not), or every thread has finished. */
  public void awaitAcked(int n) throws InterruptedException {
    answered.awaitUntil(() -> acked.size() + failures.size() >= n || !isRunning(), Duration.ofSeconds(120));
  }

  public boolean isRunning() {
    return finished.getCount() > 0;
  }

  public void join() throws InterruptedException {
    for (Thread t : threads) {
      t.join(120_000);
    }
  }
}
