package docplanner.gateway.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogSafeTest {

  @Test
  void controlCharactersCannotForgeALineAndLengthIsBounded() {
    assertThat(LogSafe.text("203.0.113.9\r\n2026-12-02 INFO fake line")).isEqualTo("203.0.113.9??2026-12-02 INFO fake line");
    assertThat(LogSafe.text("\u001b[31mred\u0000")).isEqualTo("?[31mred?");
    assertThat(LogSafe.text("x".repeat(10_000))).hasSize(LogSafe.MAX + 1).endsWith("…");
    assertThat(LogSafe.text(null)).isEqualTo("-");
    assertThat(LogSafe.text("2001:db8::1")).isEqualTo("2001:db8::1");
  }
}
