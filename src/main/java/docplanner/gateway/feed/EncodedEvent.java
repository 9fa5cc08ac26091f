package docplanner.gateway.feed;

import docplanner.gateway.event.StreamId;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

import java.nio.ByteBuffer;

/**
 * A stream entry encoded once for every subscriber of a feed instance: the SSE frame and the
 * WebSocket text payload, plus the fields subscribers filter on.
 */
public record EncodedEvent(StreamId id, String name, String facility, String doctor, Buffer sseFrame, byte[] json) {

  /**
   * The same event with its SSE frame in direct memory, for an event every live subscriber gets.
   * The socket writes it as it is (several: one {@code writev}); a heap frame is copied into a
   * direct buffer once per subscriber, and a write of several heap frames is first merged into a
   * new heap array, again per subscriber (measured: 28 % of the gateway's allocation at 100 SSE
   * subscribers). Writes never release it (Vert.x hands the socket an unreleasable slice); the
   * memory goes with the last reference, as any {@link ByteBuffer#allocateDirect} buffer's does.
   */
  EncodedEvent inDirectMemory() {
    ByteBuffer direct = ByteBuffer.allocateDirect(sseFrame.length());
    direct.put(((BufferInternal) sseFrame).getByteBuf().nioBuffer()).flip();
    return new EncodedEvent(id, name, facility, doctor, BufferInternal.buffer(Unpooled.wrappedBuffer(direct)), json);
  }
}
