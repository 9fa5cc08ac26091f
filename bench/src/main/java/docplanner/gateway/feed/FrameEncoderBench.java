package docplanner.gateway.feed;

import docplanner.gateway.bench.SlotBookedBodies;
import docplanner.gateway.store.EntryFields;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.impl.types.BulkType;
import io.vertx.redis.client.impl.types.MultiType;
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
 * the delivery envelope alone (fields already read), and what a feed instance does with an entry
 * read from Redis: read its fields, build the envelope and the SSE frame. The entry is a Redis
 * reply as XREAD returns it (built from the client's reply types): one that carries its fingerprint
 * (as entries stored before the binary index did), and one as the store writes entries now, without
 * it, so that the feed computes it from the notification. In this package because
 * {@link FrameEncoder} and {@link StreamEntry} are package-private.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FrameEncoderBench {

  private static final String ID = "1764300000000-7";

  private Response reply;
  private Response storedReply;
  private StreamEntry.Fields fields;

  @Setup
  public void setUp() {
    Buffer notification = Buffer.buffer(SlotBookedBodies.load().body("jmh", 123_456, ""));
    String fingerprint = "9f2c5e0d1b7a4c3e8f6d2a1b0c9e8d7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d";
    reply = entry(notification, new String[][] {
        {EntryFields.NAME, "slot-booked"}, {EntryFields.SOURCE, "push"}, {EntryFields.FINGERPRINT, fingerprint},
        {EntryFields.FACILITY, "1"}, {EntryFields.DOCTOR, "123"}, {EntryFields.VERDICT, ""}});
    storedReply = entry(notification, new String[][] {
        {EntryFields.NAME, "slot-booked"}, {EntryFields.SOURCE, "push"}, {EntryFields.FACILITY, "1"},
        {EntryFields.DOCTOR, "123"}});
    fields = StreamEntry.from(reply).fields();
  }

  /** {@code [id, [field, value, ..., notification, body]]}, as XREAD returns an entry. */
  private static Response entry(Buffer notification, String[][] pairs) {
    MultiType values = MultiType.create(pairs.length * 2L + 2, false);
    for (String[] pair : pairs) {
      values.add(BulkType.create(Buffer.buffer(pair[0]), false));
      values.add(BulkType.create(Buffer.buffer(pair[1]), false));
    }
    values.add(BulkType.create(Buffer.buffer(EntryFields.NOTIFICATION), false));
    values.add(BulkType.create(notification, false));
    MultiType entry = MultiType.create(2, false);
    entry.add(BulkType.create(Buffer.buffer(ID), false));
    entry.add(values);
    return entry;
  }

  /** The envelope of an entry whose fields are read. */
  @Benchmark
  public byte[] envelope() {
    return FrameEncoder.envelope(ID, 1_764_300_000_000L, fields);
  }

  /** A stream entry as read from Redis → its fields, envelope and SSE frame (once for all subscribers). */
  @Benchmark
  public EncodedEvent entryToSseFrame() {
    return FrameEncoder.encode(StreamEntry.from(reply));
  }

  /** The same for an entry as stored now (no fingerprint field): what every live event costs a feed loop. */
  @Benchmark
  public EncodedEvent storedEntryToSseFrame() {
    return FrameEncoder.encode(StreamEntry.from(storedReply));
  }
}
