package docplanner.gateway.support;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Lets a test thread wait for what a reader or worker thread records: the recorder calls
 * {@link #signal()} after each change, and the waiter wakes on it to re-check its condition, so a
 * wait ends the moment the condition holds instead of at the next tick of a polling sleep.
 */
final class Signal {

  private final Object lock = new Object();

  /** Call after every change a waiter may be waiting for (and when the recorder stops). */
  void signal() {
    synchronized (lock) {
      lock.notifyAll();
    }
  }

  /** Waits until {@code done} holds or {@code timeout} passes; true if it holds. */
  boolean awaitUntil(BooleanSupplier done, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (!done.getAsBoolean()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return true;
    }
  }
}
