package docplanner.gateway.sandbox;

import java.time.Instant;
import java.util.PriorityQueue;

/**
 * Tasks due at a sandbox-clock instant (the push retries). Nothing here waits: the owner calls
 * {@link #runDue} on every tick of its event loop and right after the clock is advanced, so a
 * retry due "in 10 minutes" runs as soon as the clock says so. Confined to one event loop.
 */
final class SandboxTimers {

  private record Task(Instant due, long sequence, Runnable action) {
  }

  private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> {
    int byTime = a.due.compareTo(b.due);
    return byTime != 0 ? byTime : Long.compare(a.sequence, b.sequence);
  });
  private long sequence;

  void schedule(Instant due, Runnable action) {
    tasks.add(new Task(due, sequence++, action));
  }

  /** Runs, in due order, every task due at or before {@code now}; returns how many ran. */
  int runDue(Instant now) {
    int ran = 0;
    while (!tasks.isEmpty() && !tasks.peek().due.isAfter(now)) {
      tasks.poll().action.run();
      ran++;
    }
    return ran;
  }

  int size() {
    return tasks.size();
  }

  void clear() {
    tasks.clear();
  }
}
