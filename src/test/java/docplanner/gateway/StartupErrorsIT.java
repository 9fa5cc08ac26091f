package docplanner.gateway;

import docplanner.gateway.support.JarRun;
import docplanner.gateway.support.SandboxClient;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real jar, started wrongly: each mistake is one line that names the fix (the key, its
 * environment variable, the file), no stack trace, and exit code 2.
 */
class StartupErrorsIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  private static final Duration EXIT = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  @Test
  void aTakenPushPortIsOneLineNamingKeyAndVariable() throws IOException {
    try (ServerSocket taken = takenPort(); JarRun run = JarRun.java(dir, gatewayEnv(Map.of(
        "GATEWAY_PUSH_PORT", String.valueOf(taken.getLocalPort()))))) {
      assertThat(run.exitCode(EXIT)).isEqualTo(2);
      assertOneErrorLine(run.lines(), "push.port " + taken.getLocalPort()
          + " (GATEWAY_PUSH_PORT) is already in use: stop what listens there, or choose another port");
    }
  }

  @Test
  void aTakenFeedPortIsOneLineNamingKeyAndVariable() throws IOException {
    try (ServerSocket taken = takenPort(); JarRun run = JarRun.java(dir, gatewayEnv(Map.of(
        "GATEWAY_FEED_PORT", String.valueOf(taken.getLocalPort()))))) {
      assertThat(run.exitCode(EXIT)).isEqualTo(2);
      assertOneErrorLine(run.lines(), "feed.port " + taken.getLocalPort() + " (GATEWAY_FEED_PORT) is already in use");
    }
  }

  @Test
  void aTakenSandboxPortIsOneLineNamingKeyAndVariable() throws IOException {
    try (ServerSocket taken = takenPort(); JarRun run = JarRun.java(dir,
        Map.of("GATEWAY_SANDBOX_PORT", String.valueOf(taken.getLocalPort())), "sandbox")) {
      assertThat(run.exitCode(EXIT)).isEqualTo(2);
      assertOneErrorLine(run.lines(), "sandbox.port " + taken.getLocalPort() + " (GATEWAY_SANDBOX_PORT) is already in use");
    }
  }

  @Test
  void pushAndFeedOnOnePortAreRefusedAtStart() {
    int port = TestGateways.freePort();
    try (JarRun run = JarRun.java(dir, gatewayEnv(Map.of("GATEWAY_PUSH_PORT", String.valueOf(port),
        "GATEWAY_FEED_PORT", String.valueOf(port))))) {
      assertThat(run.exitCode(EXIT)).isEqualTo(2);
      assertOneErrorLine(run.lines(), "push.port (GATEWAY_PUSH_PORT) and feed.port (GATEWAY_FEED_PORT) are both " + port
          + ": give each server its own port");
    }
  }

  @Test
  void withSandboxTheSandboxPortMayNotBeThePushPort() {
    int port = TestGateways.freePort();
    try (JarRun run = JarRun.java(dir, gatewayEnv(Map.of("GATEWAY_PUSH_PORT", String.valueOf(port),
        "GATEWAY_SANDBOX_PORT", String.valueOf(port))), "--sandbox")) {
      assertThat(run.exitCode(EXIT)).isEqualTo(2);
      assertOneErrorLine(run.lines(), "push.port (GATEWAY_PUSH_PORT) and sandbox.port (GATEWAY_SANDBOX_PORT) are both " + port);
    }
  }

  @Test
  void aListOfRedisUrlsWithoutATopologyIsOneLineNamingTheModeKey() {
    try (JarRun run = JarRun.java(dir, gatewayEnv(Map.of("GATEWAY_REDIS_URL",
        "redis://10.0.0.1:26379,redis://10.0.0.2:26379")))) {
      assertThat(run.exitCode(EXIT)).isEqualTo(2);
      assertOneErrorLine(run.lines(), "configuration key redis.url (env GATEWAY_REDIS_URL) is"
          + " 'redis://10.0.0.1:26379,redis://10.0.0.2:26379', expected one URL: a list (sentinels, cluster seed nodes)"
          + " needs redis.mode sentinel or cluster (GATEWAY_REDIS_MODE)");
    }
  }

  @Test
  void anUnknownGatewayVariableIsAWarningNamingTheNearestKey() {
    try (JarRun run = JarRun.java(dir, gatewayEnv(Map.of("GATEWAY_PUSH_PROT", "9000")))) {
      assertThat(run.awaitLine("docplanner-gateway ready", EXIT)).isNotBlank();
      assertThat(run.lines()).filteredOn(l -> l.contains("GATEWAY_PUSH_PROT")).singleElement().asString()
          .contains("WARN").endsWith("GATEWAY_PUSH_PROT matches no configuration key (did you mean GATEWAY_PUSH_PORT?);"
              + " it is ignored");
      assertThat(run.stop()).isZero();
    }
  }

  @Test
  void withStrictEnvAnUnknownGatewayVariableIsAnError() {
    Map<String, String> env = gatewayEnv(Map.of("GATEWAY_PUSH_PROT", "9000"));
    try (JarRun run = JarRun.java(dir, env, "--strict-env")) {
      assertThat(run.exitCode(EXIT)).isEqualTo(2);
      assertThat(run.lines()).containsExactly("docplanner-gateway: GATEWAY_PUSH_PROT matches no configuration key"
          + " (did you mean GATEWAY_PUSH_PORT?), an error with --strict-env");
    }
    env.put("GATEWAY_CONFIG_STRICT_ENV", "true");
    try (JarRun run = JarRun.java(dir, env)) {
      assertThat(run.exitCode(EXIT)).isEqualTo(2);
      assertThat(run.lines()).containsExactly("docplanner-gateway: GATEWAY_PUSH_PROT matches no configuration key"
          + " (did you mean GATEWAY_PUSH_PORT?), an error with config.strict-env (GATEWAY_CONFIG_STRICT_ENV)");
    }
  }

  @Test
  void aRepeatedArgumentIsRefusedInOneLine() {
    try (JarRun run = JarRun.java(dir, Map.of(), "--sandbox", "--conf", "a.yaml", "--sandbox")) {
      assertThat(run.exitCode(EXIT)).isEqualTo(2);
      assertThat(run.lines()).containsExactly("docplanner-gateway: --sandbox is given twice (see --help)");
    }
  }

  @Test
  void versionPrintsTheVersionOfThePom() {
    try (JarRun run = JarRun.java(dir, Map.of(), "--version")) {
      assertThat(run.exitCode(EXIT)).isZero();
      assertThat(System.getProperty("gateway.version")).as("set by failsafe from the pom").isNotBlank();
      assertThat(run.lines()).containsExactly("docplanner-gateway " + System.getProperty("gateway.version"));
    }
  }

  /**
   * A typo in conf/gateway.yaml through {@code ./gateway}: the script does not rebuild because the
   * configuration changed (a stub {@code mvn} first on the PATH would say so), and the error is the
   * very line {@code java -jar} prints, naming the file and the key.
   */
  @Test
  void aConfigTypoThroughTheScriptIsTheJavaJarErrorAndRebuildsNothing() throws IOException {
    Path clone = Files.createDirectories(dir.resolve("clone"));
    Files.copy(Path.of("gateway"), clone.resolve("gateway"));
    Files.writeString(Files.createDirectories(clone.resolve("src")).resolve("Code.java"), "class Code {}\n");
    Files.copy(Path.of("pom.xml"), clone.resolve("pom.xml"));
    Path jar = Files.createDirectories(clone.resolve("target")).resolve("docplanner-gateway.jar");
    Files.copy(JarRun.JAR, jar, StandardCopyOption.REPLACE_EXISTING);
    Path conf = Files.createDirectories(clone.resolve("conf")).resolve("gateway.yaml");
    Files.writeString(conf, "push:\n  prot: 9000\n");
    FileTime built = FileTime.fromMillis(System.currentTimeMillis() - 60_000);
    for (Path older : List.of(clone.resolve("src").resolve("Code.java"), clone.resolve("pom.xml"))) {
      Files.setLastModifiedTime(older, FileTime.fromMillis(built.toMillis() - 60_000));
    }
    Files.setLastModifiedTime(jar, built);
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path rebuilt = dir.resolve("mvn-was-called");
    Path mvn = bin.resolve("mvn");
    Files.writeString(mvn, "#!/bin/sh\ntouch '" + rebuilt + "'\necho 'stub mvn: no build in this test' >&2\nexit 1\n");
    Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
    Map<String, String> env = Map.of("PATH", bin + ":" + JarRun.javaBinary().getParent() + ":" + System.getenv("PATH"));

    String expected = "docplanner-gateway: unknown configuration key 'push.prot' in " + conf.toRealPath()
        + " (known keys are listed in conf/gateway.yaml)";
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    try (JarRun script = JarRun.command(elsewhere, env, List.of("bash", clone.resolve("gateway").toString()))) {
      assertThat(script.exitCode(EXIT)).isEqualTo(2);
      assertThat(rebuilt).as("editing conf/gateway.yaml rebuilt the jar").doesNotExist();
      assertThat(script.lines()).containsExactly(expected);
    }
    try (JarRun direct = JarRun.java(clone, Map.of())) {
      assertThat(direct.exitCode(EXIT)).isEqualTo(2);
      assertThat(direct.lines()).containsExactly(expected);
    }
  }

  /** The README: {@code GATEWAY_UPSTREAM_PULL_ENABLED=true ./gateway --sandbox} shows the pull model too. */
  @Test
  void withSandboxPullNeedsNoMarketplaceAndPullsFromTheSandbox() {
    int sandboxPort = TestGateways.freePort();
    try (JarRun run = JarRun.java(dir, gatewayEnv(Map.of("GATEWAY_UPSTREAM_PULL_ENABLED", "true",
        "GATEWAY_UPSTREAM_PULL_INTERVAL", "200ms", "GATEWAY_SANDBOX_PORT", String.valueOf(sandboxPort),
        "GATEWAY_SANDBOX_GENERATOR_RATE", "5")), "--sandbox")) {
      run.awaitLine("docplanner-gateway ready", EXIT);
      SandboxClient sandbox = new SandboxClient("http://127.0.0.1:" + sandboxPort, "", "");
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> sandbox.read("/pulled").getLong("total") > 0);
      assertThat(run.lines()).noneMatch(l -> l.contains("ERROR"));
      assertThat(run.stop()).isZero();
    }
  }

  private Map<String, String> gatewayEnv(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>();
    env.put("GATEWAY_REDIS_URL", redis.url());
    env.put("GATEWAY_REDIS_EMBEDDED", "never");
    env.put("GATEWAY_PUSH_HOST", "127.0.0.1");
    env.put("GATEWAY_PUSH_PORT", String.valueOf(TestGateways.freePort()));
    env.put("GATEWAY_FEED_HOST", "127.0.0.1");
    env.put("GATEWAY_FEED_PORT", String.valueOf(TestGateways.freePort()));
    env.put("GATEWAY_PUSH_INSTANCES", "1");
    env.put("GATEWAY_FEED_INSTANCES", "1");
    env.putAll(extra);
    return env;
  }

  /** A port something already listens on (127.0.0.1, where the runs bind). */
  private static ServerSocket takenPort() throws IOException {
    return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
  }

  /** Exactly one line says {@code message}, and nothing printed looks like a stack trace. */
  private static void assertOneErrorLine(List<String> lines, String message) {
    assertThat(lines).as(String.join("\n", lines)).filteredOn(l -> l.contains(message)).hasSize(1);
    assertThat(lines).as(String.join("\n", lines))
        .noneMatch(l -> l.contains("Exception") || l.matches("\\s+at .*") || l.startsWith("Caused by"));
  }
}
