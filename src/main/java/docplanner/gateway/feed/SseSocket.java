package docplanner.gateway.feed;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.FileDescriptor;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.impl.Http1xServerConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
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
 * <p>A single event's chunk goes further: when nothing is queued on the connection (the usual
 * case for a subscriber that keeps up), it is written into the epoll socket itself, one system
 * call with no pipeline, no promise and no allocation, which is what Netty would end up doing for
 * it after all of those. Whatever the socket does not take then goes through the pipeline, after
 * the bytes it took; a connection with anything queued gets its events through the pipeline, so
 * nothing overtakes what is queued. Only for an epoll socket with no TLS handler, on its own
 * event loop.
 *
 * <p>Everything else about the connection stays as it is: the write queue limit and its drain
 * (Netty's writability, which Vert.x reads), the response's own writes (heartbeats, notices, the
 * last chunk at shutdown), which keep their order because both go to the same socket on the same
 * event loop. The idle timeout's handler is moved in front of the encoder, so that these writes
 * count as activity for it (it sits behind the encoder otherwise, and a busy stream without
 * heartbeats would look idle); as it does not see the writes into the socket itself, one write in
 * each quarter of its timeout goes through the pipeline. Not used for HTTP/1.0 (no chunks) or
 * when the connection is not the expected one; then events go through the response. Bytes
 * written this way are missing from {@code vertx_http_server_bytes_written}.
 */
final class SseSocket {

  private static final Logger LOG = LoggerFactory.getLogger(SseSocket.class);
  private static final String ENCODER = "httpEncoder";
  private static final String IDLE = "idle";
  private static final Future<Void> WRITTEN = Future.succeededFuture();

  private final ChannelHandlerContext encoder;
  private final Channel channel;
  /** The socket, when chunks may be written into it directly; null otherwise. */
  private final FileDescriptor socket;
  /** How long writes into the socket may go on before one goes through the pipeline (the idle timer's activity). */
  private final long pipelineEveryNanos;
  private long lastPipelineWrite = System.nanoTime();
  private long directWrites;

  private SseSocket(ChannelHandlerContext encoder, FileDescriptor socket, long pipelineEveryNanos) {
    this.encoder = encoder;
    this.channel = encoder.channel();
    this.socket = socket;
    this.pipelineEveryNanos = pipelineEveryNanos;
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
      long idleMillis = Long.MAX_VALUE;
      if (pipeline.get(IDLE) instanceof IdleStateHandler idle && pipeline.context(idle) != null) {
        // A new handler: a removed one cannot be started again.
        IdleStateHandler moved = new IdleStateHandler(idle.getReaderIdleTimeInMillis(), idle.getWriterIdleTimeInMillis(),
            idle.getAllIdleTimeInMillis(), TimeUnit.MILLISECONDS);
        pipeline.remove(idle);
        pipeline.addBefore(ENCODER, IDLE, moved);
        idleMillis = Math.min(positiveOrMax(idle.getWriterIdleTimeInMillis()), positiveOrMax(idle.getAllIdleTimeInMillis()));
      }
      // Between the encoder and the socket there are only inbound handlers and the idle handler
      // (what Vert.x sets up for plain HTTP/1.1): nothing that changes the bytes on their way out.
      FileDescriptor socket = pipeline.channel() instanceof EpollSocketChannel epoll && pipeline.get(SslHandler.class) == null
          ? epoll.fd() : null;
      long pipelineEvery = idleMillis == Long.MAX_VALUE ? Long.MAX_VALUE : TimeUnit.MILLISECONDS.toNanos(idleMillis) / 4;
      return new SseSocket(encoder, socket, pipelineEvery);
    } catch (RuntimeException unexpected) {
      LOG.debug("SSE events go through the response: {}", unexpected.toString());
      return null;
    }
  }

  private static long positiveOrMax(long millis) {
    return millis > 0 ? millis : Long.MAX_VALUE;
  }

  /**
   * Writes one event's chunk, shared by every subscriber (read, never moved or released): into the
   * socket itself when nothing is queued, the rest (if the socket took only part) through the
   * pipeline. Done when the kernel has it all.
   */
  Future<Void> writeShared(ByteBuf chunk) {
    int written = writeIntoSocket(chunk);
    if (written == chunk.readableBytes()) {
      return WRITTEN;
    }
    return write(chunk.duplicate().skipBytes(written));
  }

  /** The bytes of {@code chunk} the socket took (0 when it may not be written into directly). */
  private int writeIntoSocket(ByteBuf chunk) {
    if (socket == null || !chunk.hasMemoryAddress() || !channel.eventLoop().inEventLoop()
        || System.nanoTime() - lastPipelineWrite > pipelineEveryNanos) {
      return 0;
    }
    // Writable and nothing queued, flushed or not: these bytes would be the next on the wire anyway.
    ChannelOutboundBuffer queued = channel.unsafe().outboundBuffer();
    if (queued == null || !queued.isWritable() || !queued.isEmpty() || queued.totalPendingWriteBytes() != 0) {
      return 0;
    }
    try {
      int written = socket.writeAddress(chunk.memoryAddress(), chunk.readerIndex(), chunk.writerIndex());
      directWrites++;
      return written;
    } catch (IOException error) {
      return 0; // the pipeline's write meets the same error and closes the connection as usual
    }
  }

  /** Writes and flushes {@code chunks} (released when written) through the pipeline; done when handed to the kernel. */
  Future<Void> write(ByteBuf chunks) {
    lastPipelineWrite = System.nanoTime();
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

  /** For tests: the writes that went into the socket itself (whole or in part). */
  long directWrites() {
    return directWrites;
  }

  /** For tests: the connection's event loop, where writes are made. */
  java.util.concurrent.Executor eventLoop() {
    return channel.eventLoop();
  }
}
