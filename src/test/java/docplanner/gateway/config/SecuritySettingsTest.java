package docplanner.gateway.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The defences' keys: defaults as documented, environment overrides, and refusals naming the key. */
class SecuritySettingsTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    SecuritySettings s = ConfigLoader.load(null, Map.of(), Map.of()).security();
    assertThat(s.push()).isEqualTo(new ServerLimits(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(30), 4096, 512));
    assertThat(s.feed()).isEqualTo(new ServerLimits(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(30), 16384, 0));
    assertThat(s.allowedOrigins()).isEmpty();
    assertThat(s.allowedHosts()).isEmpty();
    assertThat(s.adminToken()).isEmpty();
    assertThat(s.pushRateLimit().enabled()).isFalse();
  }

  @Test
  void theEnvironmentOverridesThem() {
    SecuritySettings s = ConfigLoader.load(null, Map.of(
        "GATEWAY_FEED_ALLOWED_ORIGINS", "https://a.example,https://b.example:8443",
        "GATEWAY_ADMIN_TOKEN", "0123456789abcdef0123",
        "GATEWAY_PUSH_RATE_LIMIT_PER_SECOND", "2.5",
        "GATEWAY_PUSH_MAX_CONNECTIONS", "100"), Map.of()).security();
    assertThat(s.allowedOrigins()).containsExactly("https://a.example", "https://b.example:8443");
    assertThat(s.adminToken()).isEqualTo("0123456789abcdef0123");
    assertThat(s.pushRateLimit().perSecond()).isEqualTo(2.5);
    assertThat(s.push().maxConnections()).isEqualTo(100);
  }

  @Test
  void refusalsNameTheKeyAndNeverEchoTheAdminToken() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("feed.idle-timeout", "10s", "feed.heartbeat", "15s")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("feed.idle-timeout").hasMessageContaining("feed.heartbeat");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("feed.allowed-origins", "https://a.example/path")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("feed.allowed-origins");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("admin.token", "hunter2")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("admin.token").hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("push.rate-limit.exempt", "not-an-address")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("push.rate-limit.exempt");
  }
}
