package docplanner.gateway.support;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A WebSocket feed client (the JDK's, independent of the code under test) that records every text message. */
public final class WsClient implements AutoCloseable {

  private final List<JsonObject> messages = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final Signal arrived = new Signal();
  private WebSocket socket;

  public static WsClient open(int port, String pathAndQuery) throws Exception {
    WsClient client = new WsClient();
    client.socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .buildAsync(URI.create("ws://127.0.0.1:" + port + pathAndQuery), client.listener())
        .get(10, TimeUnit.SECONDS);
    return client;
  }

  private WebSocket.Listener listener() {
    return new WebSocket.Listener() {
      private final StringBuilder partial = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
          messages.add(new JsonObject(partial.toString()));
          arrived.signal();
          partial.setLength(0);
        }
        ws.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
        ws.request(1);
        return WebSocket.Listener.super.onPing(ws, message);
      }

      @Override
      public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closed.complete(statusCode);
        arrived.signal();
        return null;
      }

      @Override
      public void onError(WebSocket ws, Throwable error) {
        closed.complete(-1);
        arrived.signal();
      }
    };
  }

  /** Sends one text message (a consumer group's ack or nack frame). */
  public void send(String text) throws Exception {
    socket.sendText(text, true).get(5, TimeUnit.SECONDS);
  }

  public List<JsonObject> messages() {
    return new ArrayList<>(messages);
  }

  /** Messages that are event envelopes (not reset notices). */
  public List<JsonObject> deliveries() {
    List<JsonObject> out = new ArrayList<>();
    for (JsonObject m : messages) {
      if (!m.containsKey("type")) {
        out.add(m);
      }
    }
    return out;
  }

  public List<JsonObject> await(int n, Duration timeout) throws InterruptedException {
    arrived.awaitUntil(() -> messages.size() >= n || closed.isDone(), timeout);
    return messages();
  }

  /** The close status code the server sent, or -1 on an error, once closed. */
  public int awaitClose(Duration timeout) throws Exception {
    return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    if (socket != null && !closed.isDone()) {
      socket.abort();
    }
  }
}
