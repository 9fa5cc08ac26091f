package docplanner.gateway.support.groups;

import docplanner.gateway.support.TextMessages;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A group consumer over WebSocket (the JDK's client) that acknowledges with {@code {"ack":"<id>"}}
 * frames on the same connection, one per event, in order (the JDK allows one outstanding send, so
 * sends are chained). An acknowledgement counts as completed once its frame is written: the
 * protocol has no receipt (see {@link GroupLedger}).
 */
public final class WsGroupClient extends GroupClient {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private volatile WebSocket socket;
  private volatile CompletableFuture<Void> ended;
  /** The last send of this connection: the next one is chained after it. */
  private CompletableFuture<WebSocket> sends;

  private WsGroupClient(String group, String name, int feedPort, GroupLedger ledger) {
    super(group, name, feedPort, ledger);
  }

  public static WsGroupClient start(String group, String name, int feedPort, GroupLedger ledger) {
    WsGroupClient consumer = new WsGroupClient(group, name, feedPort, ledger);
    consumer.begin();
    return consumer;
  }

  @Override
  protected void session() throws Exception {
    TextMessages messages = new TextMessages(text -> onMessage(new JsonObject(text), null));
    ended = messages.ended();
    URI uri = URI.create("ws://127.0.0.1:" + feedPort + "/events/ws?" + query());
    WebSocket ws = HTTP.newWebSocketBuilder().buildAsync(uri, messages).get(5, TimeUnit.SECONDS);
    synchronized (this) {
      sends = CompletableFuture.completedFuture(ws);
    }
    socket = ws;
    try {
      messages.ended().get();
    } finally {
      ws.abort();
      socket = null;
    }
  }

  @Override
  protected void ack(String id) {
    send(new JsonObject().put("ack", id), id);
  }

  @Override
  protected void nack(String id) {
    send(new JsonObject().put("nack", id), null);
  }

  /** Chains one text frame after the previous; {@code ackedId}: the id it acknowledges once written. */
  private synchronized void send(JsonObject frame, String ackedId) {
    if (sends == null) {
      return;
    }
    sends = sends.thenCompose(ws -> ws.sendText(frame.encode(), true));
    if (ackedId != null) {
      sends.thenRun(() -> ledger.acked(name, ackedId));
    }
  }

  @Override
  protected void abortConnection() {
    WebSocket ws = socket;
    if (ws != null) {
      ws.abort();
    }
    CompletableFuture<Void> end = ended;
    if (end != null) {
      end.complete(null);
    }
  }
}
