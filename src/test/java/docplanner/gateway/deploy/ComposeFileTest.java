package docplanner.gateway.deploy;

import docplanner.gateway.config.ConfigLoader;
import docplanner.gateway.config.GatewayConfig;
import docplanner.gateway.health.HealthEndpoints;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * compose.yaml, checked the way the Kubernetes manifests are (no Docker engine here): its
 * environment holds only real configuration keys and yields a valid configuration, the published
 * ports are the configured ones, health checks use the real paths and ports, Redis keeps an AOF.
 */
class ComposeFileTest {

  static Map<String, Object> services;
  static Map<String, Object> gateway;
  static Map<String, String> env;
  static GatewayConfig config;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void read() throws IOException {
    Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("compose.yaml")));
    services = (Map<String, Object>) compose.get("services");
    gateway = (Map<String, Object>) services.get("gateway");
    env = new HashMap<>();
    ((Map<String, Object>) gateway.get("environment")).forEach((k, v) -> env.put(k, String.valueOf(v)));
    config = ConfigLoader.load(Path.of("conf", "gateway.yaml"), env, Map.of());
  }

  @Test
  void everyEnvironmentVariableIsAConfigurationKey() {
    Set<String> known = new TreeSet<>();
    ConfigLoader.defaults().keySet().forEach(k -> known.add(ConfigLoader.envName(k)));
    assertThat(env.keySet()).allMatch(k -> k.startsWith("GATEWAY_")).isSubsetOf(known);
    assertThat(config.redis().url()).isEqualTo("redis://redis:6379");
    assertThat(URI.create(config.redis().url()).getHost()).isIn(services.keySet());
    assertThat(env).containsEntry("GATEWAY_REDIS_EMBEDDED", "never");
  }

  @Test
  @SuppressWarnings("unchecked")
  void publishedPortsAreTheConfiguredOnes() {
    List<String> ports = (List<String>) gateway.get("ports");
    assertThat(ports).containsExactlyInAnyOrder(
        config.push().port() + ":" + config.push().port(),
        config.feed().port() + ":" + config.feed().port());
    assertThat(gateway.get("build")).isEqualTo(".");
    assertThat(Path.of("Dockerfile")).exists();
  }

  @Test
  @SuppressWarnings("unchecked")
  void healthChecksUseTheRealPathsAndPortsAndTheGatewayWaitsForRedis() {
    List<String> check = (List<String>) ((Map<String, Object>) gateway.get("healthcheck")).get("test");
    String url = check.stream().filter(s -> s.startsWith("http")).findFirst().orElseThrow();
    assertThat(URI.create(url).getPort()).isEqualTo(config.feed().port());
    assertThat(URI.create(url).getPath()).isIn(HealthEndpoints.LIVE, HealthEndpoints.READY);
    Map<String, Object> dependsOn = (Map<String, Object>) gateway.get("depends_on");
    assertThat(((Map<String, Object>) dependsOn.get("redis")).get("condition")).isEqualTo("service_healthy");
    Map<String, Object> redis = (Map<String, Object>) services.get("redis");
    assertThat(((Map<String, Object>) redis.get("healthcheck")).get("test")).asString().contains("ping");
  }

  @Test
  @SuppressWarnings("unchecked")
  void redisKeepsAnAppendOnlyFileOnAVolume() {
    Map<String, Object> redis = (Map<String, Object>) services.get("redis");
    List<String> command = (List<String>) redis.get("command");
    assertThat(String.join(" ", command)).contains("--appendonly yes").contains("--maxmemory-policy noeviction");
    assertThat((List<String>) redis.get("volumes")).anyMatch(v -> v.endsWith(":/data"));
  }
}
