package docplanner.gateway.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** {@code gateway.redis.errors}: Redis calls that failed or timed out, one series per component. */
public final class RedisErrors {

  private RedisErrors() {
  }

  /** @param component store (push appends), feed (history reads), tailer (live tail reads) */
  public static Counter counter(MeterRegistry registry, String component) {
    return Counter.builder("gateway.redis.errors")
        .description("Redis calls that failed or timed out, by component")
        .tag("component", component)
        .register(registry);
  }
}
