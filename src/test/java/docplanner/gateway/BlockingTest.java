package docplanner.gateway;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Waiting is for plain threads: on an event loop it is refused, not done. */
class BlockingTest {

  @Test
  void waitsOnAPlainThreadAndRefusesOnAnEventLoop() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      assertThat(Blocking.await(Future.succeededFuture("done"), 1_000)).isEqualTo("done");
      assertThatThrownBy(() -> Blocking.await(Promise.<String>promise().future(), 50))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("timed out after 50 ms");

      CompletableFuture<Throwable> onLoop = new CompletableFuture<>();
      vertx.runOnContext(v -> {
        try {
          Blocking.await(Future.succeededFuture("never waited for"), 1_000);
          onLoop.complete(null);
        } catch (IllegalStateException e) {
          onLoop.complete(e);
        }
      });
      assertThat(onLoop.get(5, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("on an event loop");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }
}
