package docplanner.gateway.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpstreamSettingsTest {

  static UpstreamSettings load(Map<String, String> env, Map<String, ?> overrides) {
    return ConfigLoader.load(null, env, overrides).upstream();
  }

  static Map<String, Object> credentials(Map<String, ?> more) {
    Map<String, Object> values = new HashMap<>(Map.of("upstream.client-id", "id", "upstream.client-secret", "secret"));
    values.putAll(more);
    return values;
  }

  @Test
  void byDefaultNothingRunsAndNothingIsRequired() {
    UpstreamSettings s = load(Map.of(), Map.of());
    assertThat(s.enabled()).isFalse();
    assertThat(s.pull().interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.pull().leaseTtl()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.release().interval()).isEqualTo(Duration.ofMinutes(60));
    assertThat(s.release().scheduled()).isTrue();
    assertThat(s.baseUrl()).isEmpty();
    assertThat(s.tokenUrl()).isEmpty();
  }

  @Test
  void theUrlsAreBuiltFromTheDomain() {
    UpstreamSettings s = load(Map.of(), credentials(Map.of("upstream.domain", "znanylekarz.pl", "upstream.pull.enabled", true)));
    assertThat(s.baseUrl()).isEqualTo("https://www.znanylekarz.pl/api/v3/integration");
    assertThat(s.tokenUrl()).isEqualTo("https://www.znanylekarz.pl/oauth/v2/token");
  }

  @Test
  void explicitUrlsWinOverTheDomainAndLoseATrailingSlash() {
    UpstreamSettings s = load(Map.of(), credentials(Map.of("upstream.domain", "doctoralia.es",
        "upstream.base-url", "http://127.0.0.1:8090/api/v3/integration/", "upstream.release.enabled", true)));
    assertThat(s.baseUrl()).isEqualTo("http://127.0.0.1:8090/api/v3/integration");
    assertThat(s.tokenUrl()).isEqualTo("https://www.doctoralia.es/oauth/v2/token");
  }

  @Test
  void everyKeyComesFromTheEnvironmentToo() {
    UpstreamSettings s = load(Map.of(
        "GATEWAY_UPSTREAM_DOMAIN", "miodottore.it",
        "GATEWAY_UPSTREAM_CLIENT_ID", "env-id",
        "GATEWAY_UPSTREAM_CLIENT_SECRET", "env-secret",
        "GATEWAY_UPSTREAM_PULL_ENABLED", "true",
        "GATEWAY_UPSTREAM_PULL_INTERVAL", "2s",
        "GATEWAY_UPSTREAM_RELEASE_INTERVAL", "0",
        "GATEWAY_UPSTREAM_BACKOFF_MAX", "30s",
        "GATEWAY_UPSTREAM_BASE_URL", "https://sandbox.example/api/v3/integration"), Map.of());
    assertThat(s.clientId()).isEqualTo("env-id");
    assertThat(s.clientSecret()).isEqualTo("env-secret");
    assertThat(s.pull().enabled()).isTrue();
    assertThat(s.pull().interval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.release().scheduled()).isFalse();
    assertThat(s.backoffMax()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.baseUrl()).isEqualTo("https://sandbox.example/api/v3/integration");
    assertThat(s.tokenUrl()).isEqualTo("https://www.miodottore.it/oauth/v2/token");
  }

  @Test
  void pullOrReleaseWithoutCredentialsIsAClearError() {
    assertThatThrownBy(() -> load(Map.of(), Map.of("upstream.pull.enabled", true, "upstream.domain", "znanylekarz.pl")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("upstream.pull.enabled is true but upstream.client-id")
        .hasMessageContaining("GATEWAY_UPSTREAM_CLIENT_ID");
    assertThatThrownBy(() -> load(Map.of(), Map.of("upstream.release.enabled", true, "upstream.domain", "znanylekarz.pl",
        "upstream.client-id", "id")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("upstream.release.enabled is true but upstream.client-secret")
        .hasMessageContaining("GATEWAY_UPSTREAM_CLIENT_SECRET");
  }

  @Test
  void pullWithoutDomainOrUrlsIsAClearError() {
    assertThatThrownBy(() -> load(Map.of(), credentials(Map.of("upstream.pull.enabled", true))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("neither upstream.domain (env GATEWAY_UPSTREAM_DOMAIN) nor upstream.base-url");
  }

  @Test
  void malformedValuesNameTheKey() {
    assertThatThrownBy(() -> load(Map.of(), Map.of("upstream.domain", "https://www.znanylekarz.pl")))
        .hasMessageContaining("upstream.domain").hasMessageContaining("no scheme");
    assertThatThrownBy(() -> load(Map.of(), Map.of("upstream.base-url", "ftp://x/y")))
        .hasMessageContaining("upstream.base-url");
    assertThatThrownBy(() -> load(Map.of(), Map.of("upstream.token-url", "https://user:pw@x/token")))
        .hasMessageContaining("upstream.token-url");
    assertThatThrownBy(() -> load(Map.of(), Map.of("upstream.pull.lease-ttl", "500ms")))
        .hasMessageContaining("upstream.pull.lease-ttl");
    assertThatThrownBy(() -> load(Map.of(), Map.of("upstream.backoff.initial", "10s", "upstream.backoff.max", "1s")))
        .hasMessageContaining("upstream.backoff.max");
  }

  @Test
  void theSecretNeverShowsInToString() {
    UpstreamSettings s = load(Map.of(), credentials(Map.of("upstream.client-secret", "hunter2-very-secret",
        "upstream.domain", "znanylekarz.pl")));
    assertThat(s.toString()).doesNotContain("hunter2").contains("clientSecret=***").contains("clientId=id");
  }
}
