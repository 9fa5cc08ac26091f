package docplanner.gateway.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Configuration errors name the key and the bad value, but never a secret (they reach the log and stderr). */
class ConfigErrorsTest {

  @Test
  void aMalformedRedisUrlIsShownWithoutItsPassword() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("GATEWAY_REDIS_URL", "http://app:hunter2@redis:6380"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("GATEWAY_REDIS_URL")
        .hasMessageContaining("http://app:***@redis:6380")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void aPasswordOnlyUserInfoIsHiddenWhole() {
    assertThat(ConfigValues.withoutPassword("redis://:hunter2@redis:6380/0")).isEqualTo("redis://:***@redis:6380/0");
    assertThat(ConfigValues.withoutPassword("redis://hunter2@redis:6380")).isEqualTo("redis://***@redis:6380");
    assertThat(ConfigValues.withoutPassword("redis://redis:6380")).isEqualTo("redis://redis:6380");
  }

  @Test
  void aMalformedSecretIsNotEchoed() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("push.token", "hunter2/with/slashes")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("push.token")
        .hasMessageNotContaining("hunter2");
  }
}
