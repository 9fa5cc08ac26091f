package docplanner.gateway.sandbox;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxClockTest {

  static final Instant START = Instant.parse("2026-11-28T10:00:00Z");

  @Test
  void aFixedClockStandsStillUntilAdvanced() {
    SandboxClock clock = SandboxClock.fixedAt(START);
    assertThat(clock.now()).isEqualTo(START);
    assertThat(clock.advance(Duration.ofHours(72))).isEqualTo(START.plus(Duration.ofHours(72)));
    assertThat(clock.now()).isEqualTo(START.plus(Duration.ofHours(72)));
    assertThat(clock.offset()).isEqualTo(Duration.ofHours(72));
  }

  @Test
  void theSystemClockRunsWithItsOffsetAdded() {
    SandboxClock clock = SandboxClock.system();
    clock.advance(Duration.ofDays(14));
    Instant expectedAtLeast = Instant.now().plus(Duration.ofDays(14)).minusSeconds(1);
    assertThat(clock.now()).isAfter(expectedAtLeast);
  }

  @Test
  void itNeverMovesBackwards() {
    SandboxClock clock = SandboxClock.fixedAt(START);
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThat(clock.now()).isEqualTo(START);
  }
}
