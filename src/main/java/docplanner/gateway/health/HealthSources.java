package docplanner.gateway.health;

import docplanner.gateway.feed.FeedStats;
import docplanner.gateway.store.RedisHealth;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.function.Supplier;

/**
 * What the health checks of every server instance look at, built once per process.
 *
 * @param embeddedRedis whether the gateway started its own Redis (shown in the Redis check's details)
 * @param redis         what the process's Redis links report (the push path's trouble, refused writes)
 * @param details       informational checks by name (e.g. {@code upstream}: pull and release status):
 *                      always UP, their JSON shown as the check's data. Upstream trouble does not stop
 *                      a replica from serving pushes and feeds, so it must not take it out of rotation.
 */
public record HealthSources(Lifecycle lifecycle, FeedStats feed, StreamWatch stream, boolean embeddedRedis,
                            RedisHealth redis, Map<String, Supplier<JsonObject>> details) {
}
