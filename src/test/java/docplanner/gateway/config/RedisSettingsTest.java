package docplanner.gateway.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** redis.mode and its companions: what each mode accepts, and the one-line error for what it does not. */
class RedisSettingsTest {

  private static RedisSettings load(Map<String, String> env) {
    return ConfigLoader.load(null, env, Map.of()).redis();
  }

  @Test
  void standaloneIsTheDefaultWithTheEmbeddedFallbackAndNoConfirmation() {
    RedisSettings redis = load(Map.of());
    assertThat(redis.mode()).isEqualTo(RedisSettings.Mode.STANDALONE);
    assertThat(redis.urls()).containsExactly("redis://127.0.0.1:6379");
    assertThat(redis.masterName()).isEqualTo("mymaster");
    assertThat(redis.minReplicasAcks()).isZero();
    assertThat(redis.embeddedAllowed()).isTrue();
  }

  @Test
  void sentinelTakesTheSentinelsAsAListAndTheMasterName() {
    RedisSettings redis = load(Map.of("GATEWAY_REDIS_MODE", "sentinel", "GATEWAY_REDIS_MASTER_NAME", "events",
        "GATEWAY_REDIS_URL", "redis://10.0.0.1:26379, redis://10.0.0.2:26379,redis://:pw@10.0.0.3:26379",
        "GATEWAY_REDIS_MIN_REPLICAS_ACKS", "1"));
    assertThat(redis.urls()).containsExactly("redis://10.0.0.1:26379", "redis://10.0.0.2:26379", "redis://:pw@10.0.0.3:26379");
    assertThat(redis.where()).isEqualTo("the primary 'events' of the sentinels"
        + " redis://10.0.0.1:26379,redis://10.0.0.2:26379,redis://:***@10.0.0.3:26379");
    assertThat(redis.minReplicasAcks()).isEqualTo(1);
    assertThat(redis.embeddedAllowed()).as("embedded auto means never").isFalse();
  }

  @Test
  void clusterTakesSeedNodes() {
    RedisSettings redis = load(Map.of("GATEWAY_REDIS_MODE", "CLUSTER",
        "GATEWAY_REDIS_URL", "redis://10.0.0.1:7000,redis://10.0.0.2:7000"));
    assertThat(redis.mode()).isEqualTo(RedisSettings.Mode.CLUSTER);
    assertThat(redis.where()).isEqualTo("the cluster redis://10.0.0.1:7000,redis://10.0.0.2:7000");
  }

  @Test
  void eachMistakeIsOneLineNamingKeyVariableAndFix() {
    for (Map.Entry<Map<String, String>, List<String>> c : Map.of(
        Map.of("GATEWAY_REDIS_MODE", "replicated"),
        List.of("redis.mode (env GATEWAY_REDIS_MODE) is 'replicated'", "standalone", "sentinel", "cluster"),
        Map.of("GATEWAY_REDIS_URL", "redis://a:6379,redis://b:6379"),
        List.of("redis.url (env GATEWAY_REDIS_URL)", "one URL: a list", "redis.mode sentinel or cluster (GATEWAY_REDIS_MODE)"),
        Map.of("GATEWAY_REDIS_MODE", "cluster", "GATEWAY_REDIS_URL", "redis://a:7000,http://:secret@b:7000"),
        List.of("redis.url", "a comma-separated list of redis:// or rediss:// URLs", "http://:***@b:7000"),
        Map.of("GATEWAY_REDIS_MODE", "sentinel", "GATEWAY_REDIS_MASTER_NAME", ""),
        List.of("redis.master-name (env GATEWAY_REDIS_MASTER_NAME)", "sentinel monitor <name>"),
        Map.of("GATEWAY_REDIS_MODE", "sentinel", "GATEWAY_REDIS_EMBEDDED", "always"),
        List.of("redis.embedded (env GATEWAY_REDIS_EMBEDDED) is 'always'", "auto or never", "not a sentinel"),
        Map.of("GATEWAY_REDIS_MODE", "cluster", "GATEWAY_REDIS_MIN_REPLICAS_ACKS", "1"),
        List.of("redis.min-replicas-acks (env GATEWAY_REDIS_MIN_REPLICAS_ACKS) is '1'", "standalone and sentinel only"),
        Map.of("GATEWAY_REDIS_MIN_REPLICAS_ACKS", "-1"),
        List.of("redis.min-replicas-acks", "a number from 0 to 16")).entrySet()) {
      assertThatThrownBy(() -> load(c.getKey())).as(c.getKey().toString())
          .isInstanceOf(ConfigException.class)
          .hasMessageNotContaining("secret")
          .satisfies(e -> assertThat(e.getMessage()).contains(c.getValue()).doesNotContain("\n"));
    }
  }
}
