package docplanner.gateway.e2e;

import docplanner.gateway.support.TextMessages;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
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
    TextMessages messages = new TextMessages(this::handle);
    ended = messages.ended();
    URI uri = URI.create("ws://" + host + ":" + port() + "/events/ws?since=" + (lastId == null ? "0" : lastId));
    socket = HTTP.newWebSocketBuilder().buildAsync(uri, messages).get(5, TimeUnit.SECONDS);
    connections.incrementAndGet();
    connected = true;
    try {
      messages.ended().get();
    } finally {
      socket.abort();
      socket = null;
    }
  }

  /** Envelopes start with {"id":"<stream id>"; a reset notice is {"type":"reset",...}. */
  private void handle(String text) {
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
