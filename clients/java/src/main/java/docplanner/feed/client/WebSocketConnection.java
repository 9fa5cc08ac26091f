package docplanner.feed.client;

import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /events/ws}: each text message is one JSON message. The next message is requested
 * only once the handler is done with the previous one, so a slow handler slows the socket (and
 * the gateway, past {@code feed.max-buffer}, cuts it off and the client resumes) instead of
 * filling this process's memory. Group deliveries are settled with {@code {"ack":id}} frames.
 */
final class WebSocketConnection implements Connection {

  private record Closed(int code, String reason) {
  }

  private static final Object ABORTED = new Object();

  private final Subscription subscription;
  private final Duration answerTimeout;
  private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
  private volatile WebSocket socket;

  WebSocketConnection(Subscription subscription) {
    this.subscription = subscription;
    this.answerTimeout = subscription.answerTimeout();
  }

  @Override
  public void run(Sink sink) throws Exception {
    URI uri = subscription.uri();
    WebSocket.Builder builder = subscription.http().newWebSocketBuilder().connectTimeout(answerTimeout);
    String[] authorization = subscription.authorization();
    if (authorization.length > 0) {
      builder.header(authorization[0], authorization[1]);
    }
    try {
      socket = builder.buildAsync(uri, new Listener(sink)).get(answerTimeout.toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new FeedException("WebSocket " + uri.getPath() + " refused: " + e.getCause().getMessage(), e.getCause());
    }
    sink.opened();
    try {
      while (true) {
        Object next = inbox.take();
        if (next instanceof String message) {
          sink.message(message);
          socket.request(1);
        } else if (next instanceof Closed closed) {
          if (closed.code() != WebSocket.NORMAL_CLOSURE) {
            throw new FeedException("WebSocket closed by the gateway: " + closed.code() + " " + closed.reason());
          }
          return;
        } else if (next instanceof Throwable error) {
          throw new FeedException("WebSocket failed: " + error.getMessage(), error);
        } else {
          return;
        }
      }
    } finally {
      socket.abort();
    }
  }

  @Override
  public boolean settle(String verb, String id) {
    WebSocket open = socket;
    if (open == null || open.isOutputClosed()) {
      return false;
    }
    // One send at a time: the JDK refuses a send while the previous one is still being written.
    synchronized (this) {
      try {
        open.sendText("{" + Json.quote(verb) + ":" + Json.quote(id) + "}", true).get(answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (Exception e) {
        return false;
      }
    }
  }

  @Override
  public void abort() {
    WebSocket open = socket;
    if (open != null) {
      open.abort();
    }
    inbox.add(ABORTED);
  }

  private final class Listener implements WebSocket.Listener {

    private final Sink sink;
    private final StringBuilder parts = new StringBuilder();

    Listener(Sink sink) {
      this.sink = sink;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      sink.activity();
      parts.append(data);
      if (last) {
        inbox.add(parts.toString());
        parts.setLength(0);
      } else {
        webSocket.request(1);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
      sink.activity();
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      inbox.add(new Closed(statusCode, reason));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      inbox.add(error);
    }
  }
}
