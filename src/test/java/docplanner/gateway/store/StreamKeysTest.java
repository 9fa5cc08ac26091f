package docplanner.gateway.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamKeysTest {

  @Test
  void everyKeyCarriesTheStreamNameAsHashTag() {
    StreamKeys keys = StreamKeys.of("docplanner:events");
    assertThat(keys.stream()).isEqualTo("docplanner:events");
    assertThat(keys.dedupe()).isEqualTo("{docplanner:events}:seen");
    assertThat(keys.upstream("c1")).isEqualTo("{docplanner:events}:upstream:c1");
    assertThat(keys.readinessProbe()).isEqualTo("{docplanner:events}:ready");
    assertThat(keys.deadLetters("billing")).isEqualTo("{docplanner:events}:dead:billing");
  }

  @Test
  void aStreamNameWithItsOwnTagIsItsOwnPrefix() {
    assertThat(StreamKeys.of("{tenant-a}:events").dedupe()).isEqualTo("{tenant-a}:events:seen");
    assertThat(StreamKeys.of("a{b").dedupe()).isEqualTo("{a{b}:seen");
  }

  @Test
  void braceThatEndsNoTagIsRefused() {
    // "{}" is no tag for Redis, and wrapped in braces only "a{" would be hashed.
    assertThatThrownBy(() -> StreamKeys.of("a{}b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StreamKeys.of("a}b")).isInstanceOf(IllegalArgumentException.class);
  }
}
