package docplanner.gateway;

import io.vertx.core.Context;
import io.vertx.core.Future;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for a future from a plain thread: starting and stopping a gateway or a sandbox happens on
 * the main thread (or a test's), never on an event loop, which must not block.
 */
public final class Blocking {

  private Blocking() {
  }

  /**
   * The future's result; its failure, a timeout or an interruption as an IllegalStateException.
   * Refuses to run on an event loop, where waiting would stall every connection of that loop (and,
   * when the future needs that same loop, never end).
   */
  public static <T> T await(Future<T> future, long timeoutMs) {
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException("Blocking.await called on an event loop (" + Thread.currentThread().getName() + ")");
    }
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out after " + timeoutMs + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
