package docplanner.gateway.sandbox;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxTimersTest {

  static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

  @Test
  void tasksRunOnlyOnceDueAndInDueOrder() {
    SandboxTimers timers = new SandboxTimers();
    List<String> ran = new ArrayList<>();
    timers.schedule(T0.plus(Duration.ofMinutes(10)), () -> ran.add("10m"));
    timers.schedule(T0.plus(Duration.ofMinutes(5)), () -> ran.add("5m-a"));
    timers.schedule(T0.plus(Duration.ofMinutes(5)), () -> ran.add("5m-b"));
    assertThat(timers.runDue(T0.plus(Duration.ofSeconds(299)))).isZero();
    assertThat(timers.runDue(T0.plus(Duration.ofMinutes(5)))).isEqualTo(2);
    assertThat(ran).containsExactly("5m-a", "5m-b");
    assertThat(timers.size()).isEqualTo(1);
    assertThat(timers.runDue(T0.plus(Duration.ofHours(1)))).isEqualTo(1);
    assertThat(ran).containsExactly("5m-a", "5m-b", "10m");
    assertThat(timers.runDue(T0.plus(Duration.ofHours(2)))).isZero();
  }

  @Test
  void aTaskMayScheduleAnotherThatIsAlreadyDue() {
    SandboxTimers timers = new SandboxTimers();
    List<String> ran = new ArrayList<>();
    timers.schedule(T0, () -> {
      ran.add("first");
      timers.schedule(T0, () -> ran.add("second"));
    });
    timers.runDue(T0);
    assertThat(ran).containsExactly("first", "second");
  }
}
