package docplanner.gateway.feed;

import docplanner.gateway.event.StreamId;
import io.vertx.core.buffer.Buffer;

/**
 * A stream entry encoded once for every subscriber of a feed instance: the SSE frame and the
 * WebSocket text payload, plus the fields subscribers filter on.
 */
public record EncodedEvent(StreamId id, String name, String facility, String doctor, Buffer sseFrame, byte[] json) {
}
