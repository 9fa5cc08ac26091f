package docplanner.gateway.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** A WebSocket subscriber (the JDK's client), resuming with {@code ?since=<last id>}. */
public final class WsSubscriber extends FeedSubscriber {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private volatile WebSocket socket;
  private volatile CompletableFuture<Void> ended;

  public WsSubscriber(String name, String host, int... ports) {
    super(name, host, ports);
  }

  @Override
  public String protocol() {
    return "ws";
  }

  @Override
  protected void session(String lastId) throws Exception {
    CompletableFuture<Void> end = new CompletableFuture<>();
    ended = end;
    URI uri = URI.create("ws://" + host + ":" + port() + "/events/ws?since=" + (lastId == null ? "0" : lastId));
    socket = HTTP.newWebSocketBuilder().buildAsync(uri, listener(end)).get(5, TimeUnit.SECONDS);
    connections.incrementAndGet();
    connected = true;
    try {
      end.get();
    } finally {
      socket.abort();
      socket = null;
    }
  }

  private WebSocket.Listener listener(CompletableFuture<Void> end) {
    return new WebSocket.Listener() {
      private final StringBuilder partial = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
          handle(partial);
          partial.setLength(0);
        }
        ws.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        end.complete(null);
        return null;
      }

      @Override
      public void onError(WebSocket ws, Throwable error) {
        end.complete(null);
      }
    };
  }

  /** Envelopes start with {"id":"<stream id>"; a reset notice is {"type":"reset",...}. */
  private void handle(CharSequence message) {
    String text = message.toString();
    if (text.startsWith("{\"id\":\"")) {
      received(text.substring(7, text.indexOf('"', 7)));
    } else if (text.contains("\"type\":\"reset\"")) {
      resets++;
    }
  }

  @Override
  protected void disconnect() {
    CompletableFuture<Void> end = ended;
    if (end != null) {
      end.complete(null);
    }
  }
}
