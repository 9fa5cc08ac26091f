package docplanner.gateway.feed;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The live tail's events are encoded once, their SSE frames in direct memory, byte for byte the encoder's. */
class TailBatchTest {

  @Test
  void liveFramesAreTheEncodersBytesInDirectMemoryAndSurviveBeingWrittenTwice() {
    StreamEntry entry = StreamEntry.of("1700000000000-3", new StreamEntry.Fields("slot-booked", "push", "fp", "f1", "d1", "",
        Buffer.buffer("{\"name\":\"slot-booked\",\"data\":{\"id\":\"é\"},\"created_at\":\"t\"}")));
    EncodedEvent heap = FrameEncoder.encode(entry);
    List<EncodedEvent> encoded = new TailBatch(List.of(entry), 0).encoded();

    Buffer frame = encoded.get(0).sseFrame();
    assertThat(((BufferInternal) frame).getByteBuf().isDirect()).isTrue();
    assertThat(frame.getBytes()).isEqualTo(heap.sseFrame().getBytes());
    assertThat(encoded.get(0).json()).isEqualTo(heap.json());
    assertThat(encoded.get(0).id()).isEqualTo(heap.id());
    // What a socket write gets (and releases afterwards) must leave the shared frame whole.
    ((BufferInternal) frame).getByteBuf().release();
    assertThat(frame.getBytes()).isEqualTo(heap.sseFrame().getBytes());
  }

  @Test
  void liveFramesComeAsOneHttpChunkThatWritesLeaveWhole() {
    StreamEntry entry = StreamEntry.of("1700000000000-4", new StreamEntry.Fields("slot-booked", "push", "fp", "f1", "d1", "",
        Buffer.buffer("{\"name\":\"slot-booked\",\"data\":{\"id\":\"é\"},\"created_at\":\"t\"}")));
    byte[] frame = FrameEncoder.encode(entry).sseFrame().getBytes();
    ByteBuf chunk = new TailBatch(List.of(entry), 0).encoded().get(0).sseChunk();

    byte[] expected = Buffer.buffer(Integer.toHexString(frame.length) + "\r\n").appendBytes(frame).appendString("\r\n").getBytes();
    assertThat(chunk.isDirect()).isTrue();
    assertThat(ByteBufUtil.getBytes(chunk)).isEqualTo(expected);
    // SseSocket writes a duplicate, which the socket reads to the end and releases.
    ByteBuf written = chunk.duplicate();
    written.skipBytes(written.readableBytes());
    written.release();
    assertThat(ByteBufUtil.getBytes(chunk)).isEqualTo(expected);
    assertThat(FrameEncoder.encode(entry).sseChunk()).as("replayed frames go through the response").isNull();
  }
}
