package docplanner.gateway.feed;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.internal.http.WebSocketInternal;

import java.util.List;

/**
 * A subscriber over WebSocket: each envelope is one text message. Messages up to the frame size
 * are sent as one frame wrapping the shared encoded bytes (no per-subscriber copy or re-encoding).
 */
final class WebSocketChannel implements Channel {

  private static final Buffer PING = Buffer.buffer("hb");
  static final short GOING_AWAY = 1001;
  static final short TRY_AGAIN_LATER = 1013;
  static final short SERVICE_RESTART = 1012;

  private final ServerWebSocket socket;
  private final int maxFrame;
  private Runnable tooSlow = () -> { };
  private boolean stoppedReading;

  WebSocketChannel(ServerWebSocket socket, int maxBuffer, int maxFrame) {
    this.socket = socket;
    this.maxFrame = maxFrame;
    socket.setWriteQueueMaxSize(maxBuffer);
    // Vert.x answers each ping with a pong as it reads it, whether the client reads anything or
    // not: a client that pings and never reads would have us queue pongs without limit. One that
    // pings while more than its buffer waits for it is no longer read from (no more pings read,
    // no more pongs queued) and is cut off as too slow.
    socket.frameHandler(frame -> {
      if (frame.isPing() && !stoppedReading && full()) {
        stoppedReading = true;
        socket.pause();
        tooSlow.run();
      }
    });
  }

  @Override
  public void onTooSlow(Runnable handler) {
    tooSlow = handler;
  }

  @Override
  public String protocol() {
    return "ws";
  }

  @Override
  public void send(List<EncodedEvent> events) {
    for (EncodedEvent event : events) {
      byte[] json = event.json();
      if (json.length <= maxFrame) {
        socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, json, true));
      } else {
        socket.writeTextMessage(new String(json, java.nio.charset.StandardCharsets.UTF_8));
      }
    }
  }

  @Override
  public void sendNotice(String type, String json) {
    socket.writeTextMessage(json);
  }

  @Override
  public void heartbeat() {
    socket.writePing(PING);
  }

  @Override
  public boolean full() {
    // writeQueueFull throws once the socket is closed; a closed socket takes nothing more either.
    return socket.isClosed() || socket.writeQueueFull();
  }

  @Override
  public void onDrain(Runnable handler) {
    socket.drainHandler(v -> {
      socket.drainHandler(null);
      handler.run();
    });
  }

  @Override
  public void onClose(Runnable handler) {
    socket.closeHandler(v -> handler.run());
  }

  @Override
  public void cutOff() {
    ChannelHandlerContext channel = full() ? channelOf(socket) : null;
    if (channel != null) {
      // Behind a full queue a close frame would never be written, and Vert.x keeps reading (and
      // answering pings) until it is: close the connection outright. Closing below Vert.x's own
      // handler still runs its close handling.
      channel.close();
    } else {
      socket.close(TRY_AGAIN_LATER, "subscriber too slow; resume with ?since=<last id>");
    }
  }

  /** The Netty context of the socket (under vertx-web's wrapper), or null when it cannot be had. */
  private static ChannelHandlerContext channelOf(ServerWebSocket socket) {
    Object unwrapped = socket;
    for (int depth = 0; depth < 3 && !(unwrapped instanceof WebSocketInternal); depth++) {
      try {
        java.lang.reflect.Field delegate = unwrapped.getClass().getDeclaredField("delegate");
        delegate.setAccessible(true);
        unwrapped = delegate.get(unwrapped);
      } catch (ReflectiveOperationException | RuntimeException notAWrapper) {
        return null;
      }
    }
    return unwrapped instanceof WebSocketInternal internal ? internal.channelHandlerContext() : null;
  }

  @Override
  public void closeForShutdown() {
    socket.close(SERVICE_RESTART, "server shutting down; resume with ?since=<last id>");
  }
}
