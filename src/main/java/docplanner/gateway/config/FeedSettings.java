package docplanner.gateway.config;

import java.time.Duration;
import java.util.List;

/** The internal feed: SSE and WebSocket subscribers. */
public record FeedSettings(
    String host,
    int port,
    List<String> tokens,
    Duration heartbeat,
    Duration retry,
    int maxBuffer,
    int replayBatch,
    int readBatch,
    int mailboxLimit,
    int instances) {

  static FeedSettings from(ConfigValues v) {
    return new FeedSettings(
        v.string("feed.host"),
        v.port("feed.port"),
        v.list("feed.tokens"),
        v.positiveDuration("feed.heartbeat"),
        v.positiveDuration("feed.retry"),
        v.bytes("feed.max-buffer"),
        v.integer("feed.replay-batch", 1, 10_000),
        v.integer("feed.read-batch", 1, 10_000),
        v.integer("feed.mailbox-limit", 1, 1_000_000),
        v.integer("feed.instances", 0, 64));
  }

  public FeedSettings withPort(int newPort) {
    return new FeedSettings(host, newPort, tokens, heartbeat, retry, maxBuffer, replayBatch, readBatch, mailboxLimit, instances);
  }
}
