package docplanner.gateway.feed;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.impl.Http1xServerConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Writes live SSE events to an open HTTP/1.1 stream as ready-made chunks ({@link EncodedEvent#sseChunk}),
 * below Vert.x's response and Netty's HTTP encoder. Through the response, each subscriber's write
 * wraps the frame in a content object, chunk-encodes it (a fresh buffer for the length line, three
 * buffers handed to the socket and a promise combining their completions) and reports metrics: the
 * same work for every subscriber of every event, where the chunk itself is the same bytes for all of
 * them. Here that chunk is made once per event and each subscriber's write is one buffer into the
 * socket.
 *
 * <p>Everything else about the connection stays as it is: the write queue limit and its drain
 * (Netty's writability, which Vert.x reads), the response's own writes (heartbeats, notices, the
 * last chunk at shutdown), which keep their order because both go to the same socket on the same
 * event loop. The idle timeout's handler is moved in front of the encoder, so that these writes
 * count as activity for it (it sits behind the encoder otherwise, and a busy stream without
 * heartbeats would look idle). Not used for HTTP/1.0 (no chunks) or when the connection is not
 * the expected one; then events go through the response. Bytes written this way are missing from
 * {@code vertx_http_server_bytes_written}.
 */
final class SseSocket {

  private static final Logger LOG = LoggerFactory.getLogger(SseSocket.class);
  private static final String ENCODER = "httpEncoder";
  private static final String IDLE = "idle";

  private final ChannelHandlerContext encoder;

  private SseSocket(ChannelHandlerContext encoder) {
    this.encoder = encoder;
  }

  /**
   * For a chunked HTTP/1.1 response whose head has been written, on its event loop; null when the
   * events must go through the response.
   */
  static SseSocket of(HttpServerRequest request) {
    if (request.version() != HttpVersion.HTTP_1_1 || !request.response().isChunked()
        || !request.response().headWritten() || !(request.connection() instanceof Http1xServerConnection http1)) {
      return null;
    }
    try {
      ChannelPipeline pipeline = http1.channelHandlerContext().pipeline();
      ChannelHandlerContext encoder = pipeline.context(ENCODER);
      if (encoder == null) {
        return null;
      }
      if (pipeline.get(IDLE) instanceof IdleStateHandler idle && pipeline.context(idle) != null) {
        // A new handler: a removed one cannot be started again.
        IdleStateHandler moved = new IdleStateHandler(idle.getReaderIdleTimeInMillis(), idle.getWriterIdleTimeInMillis(),
            idle.getAllIdleTimeInMillis(), TimeUnit.MILLISECONDS);
        pipeline.remove(idle);
        pipeline.addBefore(ENCODER, IDLE, moved);
      }
      return new SseSocket(encoder);
    } catch (RuntimeException unexpected) {
      LOG.debug("SSE events go through the response: {}", unexpected.toString());
      return null;
    }
  }

  /** Writes and flushes {@code chunks} (released when written); done when handed to the kernel. */
  Future<Void> write(ByteBuf chunks) {
    Promise<Void> written = Promise.promise();
    encoder.writeAndFlush(chunks).addListener(f -> {
      if (f.isSuccess()) {
        written.complete();
      } else {
        written.fail(f.cause());
      }
    });
    return written.future();
  }
}
