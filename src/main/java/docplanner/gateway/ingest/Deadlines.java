package docplanner.gateway.ingest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayDeque;
import java.util.concurrent.TimeoutException;

/**
 * Bounds futures by one fixed timeout, cheaply: every push would otherwise schedule (and cancel)
 * a timer of its own. With one timeout, deadlines fall in arrival order, so a queue and one
 * periodic sweep (every twentieth of the timeout) fail whatever is overdue. Event-loop confined.
 */
final class Deadlines {

  private static final TimeoutException TIMED_OUT = new TimeoutException("no answer within the deadline") {
    @Override
    public synchronized Throwable fillInStackTrace() {
      return this; // expected under load: no stack to build
    }
  };

  private final long timeoutNanos;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();

  private static final class Pending {
    final long deadline;
    final Promise<?> promise;

    Pending(long deadline, Promise<?> promise) {
      this.deadline = deadline;
      this.promise = promise;
    }
  }

  Deadlines(Vertx vertx, long timeoutMs) {
    this.timeoutNanos = timeoutMs * 1_000_000;
    vertx.setPeriodic(Math.max(5, timeoutMs / 20), t -> sweep(System.nanoTime()));
  }

  /** {@code future}'s outcome, or a {@link TimeoutException} once the timeout has passed. */
  <T> Future<T> bound(Future<T> future) {
    Promise<T> promise = Promise.promise();
    pending.add(new Pending(System.nanoTime() + timeoutNanos, promise));
    // One listener (the two-handler form wraps two method references in a third object).
    future.onComplete(ar -> {
      if (ar.succeeded()) {
        promise.tryComplete(ar.result());
      } else {
        promise.tryFail(ar.cause());
      }
    });
    return promise.future();
  }

  void sweep(long now) {
    Pending head;
    while ((head = pending.peek()) != null && (head.promise.future().isComplete() || now - head.deadline >= 0)) {
      pending.poll();
      head.promise.tryFail(TIMED_OUT);
    }
  }
}
