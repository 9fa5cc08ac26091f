package docplanner.gateway.feed;

import docplanner.gateway.bench.SlotBookedBodies;
import docplanner.gateway.event.StreamId;
import io.vertx.core.buffer.Buffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * Per-event CPU work of the feed, done once per stream entry whatever the number of subscribers:
 * the delivery envelope alone, and the envelope plus its SSE frame (what {@link FeedHub} hands to
 * every subscriber). In this package because {@link FrameEncoder} is package-private.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FrameEncoderBench {

  private StreamEntry entry;

  @Setup
  public void setUp() {
    String id = "1764300000000-7";
    entry = new StreamEntry(StreamId.parse(id), id, "slot-booked", "push",
        "9f2c5e0d1b7a4c3e8f6d2a1b0c9e8d7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d", "1", "123", "",
        Buffer.buffer(SlotBookedBodies.load().body("jmh", 123_456, "")));
  }

  @Benchmark
  public byte[] envelope() {
    return FrameEncoder.envelope(entry);
  }

  @Benchmark
  public EncodedEvent envelopeAndSseFrame() {
    return FrameEncoder.encode(entry);
  }
}
