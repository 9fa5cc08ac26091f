package docplanner.gateway;

import docplanner.gateway.health.HealthEndpoints;
import docplanner.gateway.support.Http;
import docplanner.gateway.support.JarRun;
import docplanner.gateway.support.TestGateways;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the fat jar holds: no library the gateway does not use (embedded-redis's Jedis client and
 * commons-pool2, its redis-server builds for other systems), and still a working bundled Redis
 * for a machine without one.
 */
class ShippedJarIT {

  @TempDir
  Path dir;

  @Test
  void theJarHoldsNoJedisNoCommonsPoolAndOnlyTheLinuxRedisServers() throws IOException {
    assertThat(JarRun.JAR).as("the fat jar, built in the package phase").exists();
    List<String> names;
    try (ZipFile jar = new ZipFile(JarRun.JAR.toFile())) {
      names = Collections.list(jar.entries()).stream().map(ZipEntry::getName).toList();
    }
    assertThat(names).noneMatch(n -> n.startsWith("redis/clients/"))
        .noneMatch(n -> n.startsWith("org/apache/commons/pool2/"))
        .noneMatch(n -> n.startsWith("META-INF/maven/redis.clients/"))
        .noneMatch(n -> n.startsWith("META-INF/maven/org.apache.commons/commons-pool2/"))
        // embedded-redis's own classes (a Jedis-based client): only its binaries are used
        .noneMatch(n -> n.startsWith("redis/embedded/"));
    assertThat(names).filteredOn(n -> n.startsWith("redis-server-"))
        .containsExactlyInAnyOrder("redis-server-6.2.6-v5-linux-amd64", "redis-server-6.2.7-linux-arm64");
  }

  /**
   * No redis-server on the PATH (only {@code sh} and {@code sleep}, which the watchdog needs; no
   * {@code uname} either, as in slim images) and
   * nothing at redis.url: the gateway starts the Linux redis-server the jar bundles, and is ready.
   */
  @Test
  void withNoRedisServerOnThePathTheBundledOneRuns() throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    for (String tool : List.of("sh", "sleep")) {
      Files.createSymbolicLink(bin.resolve(tool), which(tool));
    }
    int feedPort = TestGateways.freePort();
    int nothingThere = TestGateways.freePort();
    try (JarRun run = JarRun.java(dir, Map.of(
        "PATH", bin.toString(),
        "GATEWAY_REDIS_URL", "redis://127.0.0.1:" + nothingThere,
        "GATEWAY_REDIS_EMBEDDED", "auto",
        "GATEWAY_PUSH_HOST", "127.0.0.1",
        "GATEWAY_PUSH_PORT", String.valueOf(TestGateways.freePort()),
        "GATEWAY_FEED_HOST", "127.0.0.1",
        "GATEWAY_FEED_PORT", String.valueOf(feedPort)))) {
      String started = run.awaitLine("started an embedded Redis", Duration.ofSeconds(60));
      assertThat(started).contains("127.0.0.1:" + nothingThere).doesNotContain("/usr/bin/redis-server");
      run.awaitLine("docplanner-gateway ready", Duration.ofSeconds(60));
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> Http.get(feedPort, HealthEndpoints.READY).status() == 200);
      assertThat(run.stop()).isZero();
    }
  }

  private static Path which(String tool) {
    for (String path : System.getenv("PATH").split(":")) {
      Path candidate = Path.of(path, tool);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError(tool + " is not on the PATH");
  }
}
