package docplanner.gateway.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxSettingsTest {

  static SandboxSettings load(Map<String, String> env, Map<String, ?> overrides) {
    return ConfigLoader.load(null, env, overrides).sandbox();
  }

  @Test
  void theDefaultsAreDocplannersNumbers() {
    SandboxSettings s = load(Map.of(), Map.of());
    assertThat(s.port()).isEqualTo(8090);
    assertThat(s.host()).isEqualTo("127.0.0.1");
    assertThat(s.tokenLifetime()).isEqualTo(Duration.ofHours(1));
    assertThat(s.queueExpiry()).isEqualTo(Duration.ofHours(72));
    assertThat(s.retryDelays()).containsExactly(Duration.ofMinutes(5), Duration.ofMinutes(10));
    assertThat(s.failedRetention()).isEqualTo(Duration.ofDays(14));
    assertThat(s.releaseInterval()).isEqualTo(Duration.ofHours(1));
    assertThat(s.pushUrl()).isEmpty();
    assertThat(s.rateLimited()).isFalse();
    assertThat(s.generatorRate()).isEqualTo(1.0);
    assertThat(s.duplicateShare()).isEqualTo(0.1);
  }

  @Test
  void everyKeyIsSetFromTheEnvironmentToo() {
    SandboxSettings s = load(Map.of(
        "GATEWAY_SANDBOX_PORT", "9999",
        "GATEWAY_SANDBOX_PUSH_RETRY_DELAYS", "1s,2s,3s",
        "GATEWAY_SANDBOX_GENERATOR_RATE", "0.5",
        "GATEWAY_SANDBOX_RATE_LIMIT_ENABLED", "true",
        "GATEWAY_SANDBOX_PUSH_URL", "http://127.0.0.1:8080/docplanner/notifications"), Map.of());
    assertThat(s.port()).isEqualTo(9999);
    assertThat(s.retryDelays()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3));
    assertThat(s.generatorRate()).isEqualTo(0.5);
    assertThat(s.rateLimited()).isTrue();
    assertThat(s.pushUrl()).isEqualTo("http://127.0.0.1:8080/docplanner/notifications");
    assertThat(load(Map.of(), Map.of("sandbox.push.retry-delays", List.of())).retryDelays()).isEmpty();
  }

  @Test
  void badValuesNameTheKey() {
    for (Map.Entry<String, Object> bad : List.of(
        Map.<String, Object>entry("sandbox.push.url", "ftp://x"),
        Map.<String, Object>entry("sandbox.generator.duplicate-share", "1.5"),
        Map.<String, Object>entry("sandbox.generator.rate", "fast"),
        Map.<String, Object>entry("sandbox.push.retry-delays", "5m,soon"),
        Map.<String, Object>entry("sandbox.client-id", "a:b"),
        Map.<String, Object>entry("sandbox.client-secret", ""),
        Map.<String, Object>entry("sandbox.token-lifetime", "0s"),
        Map.<String, Object>entry("sandbox.generator.seed", "x"))) {
      assertThatThrownBy(() -> load(Map.of(), Map.of(bad.getKey(), bad.getValue())))
          .as(bad.getKey())
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(bad.getKey());
    }
  }

  @Test
  void theClientSecretIsMaskedInDiagnostics() {
    Map<String, Object> masked = ConfigLoader.masked(ConfigLoader.values(null, Map.of(), Map.of()));
    assertThat(masked.get("sandbox.client-secret")).isEqualTo("***");
  }
}
