package docplanner.gateway.support;

import docplanner.gateway.config.ConfigLoader;
import docplanner.gateway.config.SandboxSettings;
import docplanner.gateway.sandbox.Sandbox;
import docplanner.gateway.sandbox.SandboxClock;

import java.util.HashMap;
import java.util.Map;

/**
 * Starts real sandboxes (simulated Docplanner) in this JVM on free ports: generator off, fixed
 * seed, no push endpoint unless given ({@code sandbox.push.url}), on a clock the test can advance.
 */
public final class TestSandboxes {

  private TestSandboxes() {
  }

  /** The sandbox settings tests start from, with {@code overrides} (flat {@code sandbox.*} keys) on top. */
  public static SandboxSettings settings(Map<String, ?> overrides) {
    Map<String, Object> values = new HashMap<>();
    values.put("redis.embedded", "never");
    values.put("sandbox.host", "127.0.0.1");
    values.put("sandbox.port", TestGateways.freePort());
    values.put("sandbox.generator.rate", 0);
    values.put("sandbox.generator.seed", 42);
    values.putAll(overrides);
    return ConfigLoader.load(null, Map.of(), values).sandbox();
  }

  /** A sandbox on real time (advance it with {@link SandboxClient#advance} or {@link Sandbox#clock()}). */
  public static Sandbox start(Map<String, ?> overrides) {
    return Sandbox.start(settings(overrides), SandboxClock.system(), false);
  }

  public static Sandbox start() {
    return start(Map.of());
  }

  public static SandboxClient client(Sandbox sandbox) {
    return new SandboxClient(sandbox.baseUrl(), sandbox.settings().clientId(), sandbox.settings().clientSecret());
  }
}
