package docplanner.gateway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    GatewayConfig c = ConfigLoader.load(null, Map.of(), Map.of());
    assertThat(c.push().port()).isEqualTo(8080);
    assertThat(c.push().path()).isEqualTo("/docplanner/notifications");
    assertThat(c.push().maxBody()).isEqualTo(256 * 1024);
    assertThat(c.push().storeTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.feed().port()).isEqualTo(8081);
    assertThat(c.feed().heartbeat()).isEqualTo(Duration.ofSeconds(15));
    assertThat(c.stream().key()).isEqualTo("docplanner:events");
    assertThat(c.stream().retention()).isEqualTo(Duration.ofDays(7));
    assertThat(c.stream().dedupeWindow()).isEqualTo(Duration.ofDays(14));
    assertThat(c.redis().url()).isEqualTo("redis://127.0.0.1:6379");
    assertThat(c.redis().embedded()).isEqualTo(RedisSettings.Embedded.AUTO);
    assertThat(c.approval().gate("slot-booking").policy()).isEqualTo(ApprovalSettings.Policy.APPROVE);
    assertThat(c.approval().gate("booking-moving").timeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(c.approval().gate("slot-booked")).isNull();
  }

  @Test
  void environmentOverridesTheFileWhichOverridesTheDefaults(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("gateway.yaml");
    Files.writeString(file, "push:\n  port: 9000\n  max-body: 1MiB\nfeed:\n  port: 9001\n");
    GatewayConfig c = ConfigLoader.load(file, Map.of(
        "GATEWAY_PUSH_PORT", "9100",
        "GATEWAY_REDIS_URL", "redis://redis:6380",
        "GATEWAY_FEED_TOKENS", "a, b ,,c",
        "GATEWAY_APPROVAL_SLOT_BOOKING_POLICY", "deny",
        "GATEWAY_DEDUPE_WINDOW", "36h"), Map.of());
    assertThat(c.push().port()).isEqualTo(9100);
    assertThat(c.push().maxBody()).isEqualTo(1024 * 1024);
    assertThat(c.feed().port()).isEqualTo(9001);
    assertThat(c.redis().url()).isEqualTo("redis://redis:6380");
    assertThat(c.feed().tokens()).isEqualTo(List.of("a", "b", "c"));
    assertThat(c.approval().gate("slot-booking").policy()).isEqualTo(ApprovalSettings.Policy.DENY);
    assertThat(c.stream().dedupeWindow()).isEqualTo(Duration.ofHours(36));
  }

  @Test
  void envNamesFollowTheRule() {
    assertThat(ConfigLoader.envName("redis.url")).isEqualTo("GATEWAY_REDIS_URL");
    assertThat(ConfigLoader.envName("push.max-body")).isEqualTo("GATEWAY_PUSH_MAX_BODY");
    assertThat(ConfigLoader.envName("approval.slot-booking.policy")).isEqualTo("GATEWAY_APPROVAL_SLOT_BOOKING_POLICY");
  }

  @Test
  void unknownKeysAndBadValuesFailNamingTheKey(@TempDir Path dir) throws IOException {
    Path typo = dir.resolve("typo.yaml");
    Files.writeString(typo, "push:\n  prot: 9000\n");
    assertThatThrownBy(() -> ConfigLoader.load(typo, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("push.prot");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("GATEWAY_PUSH_PORT", "eighty"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("push.port").hasMessageContaining("GATEWAY_PUSH_PORT");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("GATEWAY_PUSH_STORE_TIMEOUT", "soon"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("push.store-timeout");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("GATEWAY_REDIS_EMBEDDED", "maybe"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("auto, never, always");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("GATEWAY_APPROVAL_BOOKING_MOVING_POLICY", "delegate"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("approval.booking-moving.url");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("GATEWAY_PUSH_ALLOWED_SOURCES", "10.0.0.0/8,not-a-cidr"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("push.allowed-sources").hasMessageContaining("not-a-cidr");
  }

  @Test
  void theBundledDefaultsAreConfGatewayYaml() throws IOException {
    String bundled = new String(ConfigLoader.class.getResourceAsStream("/gateway.yaml").readAllBytes());
    assertThat(bundled).isEqualTo(Files.readString(Path.of("conf/gateway.yaml")));
  }
}
