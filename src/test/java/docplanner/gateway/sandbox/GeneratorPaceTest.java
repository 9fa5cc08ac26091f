package docplanner.gateway.sandbox;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GeneratorPaceTest {

  static final long TICK = 100_000_000L; // 100 ms in nanoseconds

  @Test
  void fractionsCarryOverSoHalfPerSecondIsOneEveryOtherSecond() {
    GeneratorLoop.Pace pace = new GeneratorLoop.Pace();
    int total = 0;
    for (int tick = 0; tick < 100; tick++) { // 10 s
      total += pace.due(0.5, TICK);
    }
    assertThat(total).isEqualTo(5);
  }

  @Test
  void aHighRateEmitsSeveralPerTickAndZeroEmitsNothing() {
    GeneratorLoop.Pace pace = new GeneratorLoop.Pace();
    assertThat(pace.due(50, TICK)).isEqualTo(5);
    assertThat(pace.due(0, TICK)).isZero();
  }
}
