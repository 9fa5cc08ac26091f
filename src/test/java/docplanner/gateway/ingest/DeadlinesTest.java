package docplanner.gateway.ingest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class DeadlinesTest {

  @Test
  void aFutureThatNeverCompletesFailsWithATimeoutAfterTheDeadline(Vertx vertx, VertxTestContext test) {
    vertx.runOnContext(v -> {
      Deadlines deadlines = new Deadlines(vertx, 200);
      long start = System.nanoTime();
      deadlines.bound(Promise.<String>promise().future()).onComplete(test.failing(error -> test.verify(() -> {
        assertThat(error).isInstanceOf(TimeoutException.class);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(200);
        test.completeNow();
      })));
    });
  }

  @Test
  void outcomesBeforeTheDeadlinePassThroughAndAreForgotten(Vertx vertx, VertxTestContext test) {
    vertx.runOnContext(v -> {
      Deadlines deadlines = new Deadlines(vertx, 10_000);
      Promise<String> later = Promise.promise();
      Future<String> bounded = deadlines.bound(later.future());
      Future<String> failed = deadlines.bound(Future.failedFuture("no"));
      later.complete("yes");
      deadlines.sweep(System.nanoTime());
      test.verify(() -> {
        assertThat(bounded.result()).isEqualTo("yes");
        assertThat(failed.cause()).hasMessage("no");
      });
      test.completeNow();
    });
  }
}
