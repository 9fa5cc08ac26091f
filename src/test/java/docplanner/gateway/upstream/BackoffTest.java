package docplanner.gateway.upstream;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

  @Test
  void delaysDoubleWithJitterInTheUpperHalfOfEachStep() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), new Random(42));
    long step = 1000;
    for (int i = 0; i < 8; i++) {
      Duration d = backoff.next();
      assertThat(d.toMillis()).as("failure %d", i + 1).isBetween(step / 2, step);
      step *= 2;
    }
  }

  @Test
  void delaysStopGrowingAtTheMaximum() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), new Random(7));
    for (int i = 0; i < 100; i++) {
      assertThat(backoff.next()).isLessThanOrEqualTo(Duration.ofSeconds(10));
    }
    assertThat(backoff.next()).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void jitterSpreadsReplicasThatFailTogether() {
    Backoff a = new Backoff(Duration.ofSeconds(8), Duration.ofSeconds(8), new Random(1));
    Backoff b = new Backoff(Duration.ofSeconds(8), Duration.ofSeconds(8), new Random(2));
    assertThat(a.next()).isNotEqualTo(b.next());
  }

  @Test
  void aSuccessStartsOverFromTheInitialDelay() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), new Random(3));
    for (int i = 0; i < 6; i++) {
      backoff.next();
    }
    backoff.reset();
    assertThat(backoff.failures()).isZero();
    assertThat(backoff.next()).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
  }

  @Test
  void aHintFromDocplannerIsNeverShortened() {
    Backoff backoff = new Backoff(Duration.ofMinutes(5), Duration.ofMinutes(5), new Random(4));
    for (int i = 0; i < 50; i++) {
      Duration wait = backoff.after(new UpstreamFailure(UpstreamFailure.Kind.RATE_LIMITED, 429, Duration.ofSeconds(30), "429"));
      assertThat(wait).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(31));
    }
  }

  @Test
  void withoutAHintTheFailureGetsTheExponentialDelay() {
    Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5), new Random(5));
    Duration wait = backoff.after(new UpstreamFailure(UpstreamFailure.Kind.UNAVAILABLE, 503, null, "503"));
    assertThat(wait).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }
}
