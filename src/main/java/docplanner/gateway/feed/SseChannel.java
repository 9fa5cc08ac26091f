package docplanner.gateway.feed;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.time.Duration;
import java.util.List;

/** A subscriber over Server-Sent Events: one chunked {@code text/event-stream} response. */
final class SseChannel implements Channel {

  static final Buffer HEARTBEAT = Buffer.buffer(":\n\n");

  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final Buffer shutdownFrame;
  /** Live events' chunks go straight to the socket; null: everything through the response. */
  private final SseSocket socket;

  SseChannel(HttpServerRequest request, int maxBuffer, Duration retry) {
    this.request = request;
    this.response = request.response();
    this.shutdownFrame = Buffer.buffer("retry: " + retry.toMillis() + "\n: server shutting down, reconnect with Last-Event-ID\n\n");
    response.setWriteQueueMaxSize(maxBuffer);
    // Created once the stream's head is written (SseEndpoint opens the stream first).
    this.socket = SseSocket.of(request);
  }

  @Override
  public String protocol() {
    return "sse";
  }

  @Override
  public Future<Void> send(List<EncodedEvent> events) {
    if (socket != null && allChunked(events)) {
      if (events.size() == 1) {
        return socket.writeShared(events.get(0).sseChunk());
      }
      ByteBuf[] chunks = new ByteBuf[events.size()];
      for (int i = 0; i < chunks.length; i++) {
        chunks[i] = events.get(i).sseChunk().duplicate();
      }
      return socket.write(Unpooled.wrappedUnmodifiableBuffer(chunks));
    }
    if (events.size() == 1) {
      return response.write(events.get(0).sseFrame());
    }
    // One write (one system call) for the lot, without copying: a composite of the shared frames.
    ByteBuf[] frames = new ByteBuf[events.size()];
    for (int i = 0; i < frames.length; i++) {
      frames[i] = ((BufferInternal) events.get(i).sseFrame()).getByteBuf();
    }
    return response.write(BufferInternal.buffer(Unpooled.wrappedBuffer(frames)));
  }

  /** Live events come as ready-made chunks; replayed ones do not. */
  private static boolean allChunked(List<EncodedEvent> events) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).sseChunk() == null) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void sendNotice(String type, String json) {
    response.write(Buffer.buffer("event: " + type + "\ndata: " + json + "\n\n"));
  }

  @Override
  public void heartbeat() {
    response.write(HEARTBEAT);
  }

  @Override
  public boolean full() {
    return response.writeQueueFull();
  }

  @Override
  public void onDrain(Runnable handler) {
    response.drainHandler(v -> {
      response.drainHandler(null);
      handler.run();
    });
  }

  @Override
  public void onClose(Runnable handler) {
    response.closeHandler(v -> handler.run());
  }

  @Override
  public void cutOff() {
    request.connection().close();
  }

  @Override
  public void closeForShutdown() {
    response.write(shutdownFrame);
    response.end();
  }
}
