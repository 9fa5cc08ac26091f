package docplanner.gateway.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupSettingsTest {

  @Test
  void defaultsAndEnvironment() {
    GroupSettings defaults = ConfigLoader.load(null, Map.of(), Map.of()).groups();
    assertThat(defaults).isEqualTo(new GroupSettings(Duration.ofSeconds(30), 10, 1000));
    GroupSettings env = ConfigLoader.load(null, Map.of("GATEWAY_GROUPS_VISIBILITY_TIMEOUT", "5s",
        "GATEWAY_GROUPS_MAX_DELIVERIES", "3", "GATEWAY_GROUPS_MAX_UNACKED", "50"), Map.of()).groups();
    assertThat(env).isEqualTo(new GroupSettings(Duration.ofSeconds(5), 3, 50));
  }

  @Test
  void sweepsEveryThirdOfTheTimeoutWithinBounds() {
    assertThat(new GroupSettings(Duration.ofSeconds(30), 10, 1).sweepInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(new GroupSettings(Duration.ofSeconds(3), 10, 1).sweepInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(new GroupSettings(Duration.ofMillis(60), 10, 1).sweepInterval()).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("groups.max-deliveries", 0)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("groups.max-deliveries");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("groups.visibility-timeout", "0s")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("groups.visibility-timeout");
  }
}
