package docplanner.gateway.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A GATEWAY_* variable that sets no key is named with the nearest real one; strict mode refuses it. */
class UnknownEnvTest {

  @Test
  void aTypoIsNamedWithTheNearestVariable() {
    assertThat(UnknownEnv.find(Map.of("GATEWAY_PUSH_PROT", "9000", "GATEWAY_PUSH_PORT", "9001", "PATH", "/bin")))
        .containsExactly("GATEWAY_PUSH_PROT matches no configuration key (did you mean GATEWAY_PUSH_PORT?)");
    assertThat(UnknownEnv.find(Map.of("GATEWAY_REDIS_URI", "redis://x")))
        .containsExactly("GATEWAY_REDIS_URI matches no configuration key (did you mean GATEWAY_REDIS_URL?)");
    assertThat(UnknownEnv.find(Map.of("GATEWAY_FEED_TOKEN", "t")))
        .containsExactly("GATEWAY_FEED_TOKEN matches no configuration key (did you mean GATEWAY_FEED_TOKENS?)");
  }

  @Test
  void everyRealVariableAndEveryOtherVariableIsSilent() {
    Map<String, String> env = new java.util.HashMap<>();
    for (String key : ConfigLoader.keys()) {
      env.put(ConfigLoader.envName(key), "");
    }
    env.put("HOME", "/root");
    env.put("MY_GATEWAY_PORT", "1");
    assertThat(UnknownEnv.find(env)).isEmpty();
  }

  @Test
  void strictEnvByFlagOrByKeyMakesItAnError() {
    Map<String, String> env = Map.of("GATEWAY_PUSH_PROT", "9000");
    assertThat(ConfigLoader.load(null, env, Map.of()).push().port()).isEqualTo(8080);
    assertThatThrownBy(() -> ConfigLoader.load(null, env, Map.of(), true))
        .isInstanceOf(ConfigException.class)
        .hasMessage("GATEWAY_PUSH_PROT matches no configuration key (did you mean GATEWAY_PUSH_PORT?),"
            + " an error with --strict-env");
    Map<String, String> strictByKey = Map.of("GATEWAY_PUSH_PROT", "9000", "GATEWAY_CONFIG_STRICT_ENV", "true");
    assertThatThrownBy(() -> ConfigLoader.load(null, strictByKey, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("GATEWAY_PUSH_PROT").hasMessageContaining("config.strict-env (GATEWAY_CONFIG_STRICT_ENV)");
  }

  @Test
  void distanceCountsSingleCharacterEdits() {
    assertThat(UnknownEnv.distance("PORT", "PROT")).isEqualTo(2);
    assertThat(UnknownEnv.distance("URL", "URI")).isEqualTo(1);
    assertThat(UnknownEnv.distance("", "ABC")).isEqualTo(3);
  }
}
