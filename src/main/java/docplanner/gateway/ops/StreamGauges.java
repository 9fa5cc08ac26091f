package docplanner.gateway.ops;

import docplanner.gateway.feed.FeedStats;
import docplanner.gateway.health.StreamWatch;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The stream's length and how far the slowest stream reader of this process is behind its newest
 * entry. Both read the last {@link StreamWatch} snapshot (refreshed by scrapes and readiness
 * probes), so evaluating them costs no Redis call.
 */
public final class StreamGauges {

  private StreamGauges() {
  }

  public static void register(MeterRegistry registry, StreamWatch stream, FeedStats feed) {
    Gauge.builder("gateway.stream.length", stream, StreamGauges::length)
        .description("Entries in the Redis Stream (XLEN, at most about a second old)")
        .baseUnit("entries")
        .strongReference(true)
        .register(registry);
    Gauge.builder("gateway.feed.reader.lag", stream, s -> lagSeconds(s, feed))
        .description("Stream time between the newest entry and the slowest stream reader of this process")
        .baseUnit("seconds")
        .strongReference(true)
        .register(registry);
  }

  private static double length(StreamWatch stream) {
    StreamWatch.Snapshot snapshot = stream.last();
    return snapshot == null ? Double.NaN : snapshot.length();
  }

  private static double lagSeconds(StreamWatch stream, FeedStats feed) {
    StreamWatch.Snapshot snapshot = stream.last();
    return snapshot == null ? Double.NaN : snapshot.lagMillis(feed.readerPosition()) / 1000.0;
  }
}
