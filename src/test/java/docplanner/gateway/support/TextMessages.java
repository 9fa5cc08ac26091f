package docplanner.gateway.support;

import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A JDK WebSocket listener for the feed's clients: joins the parts of each text message and hands
 * the whole message on, one at a time; {@link #ended()} completes when the connection closes or
 * fails, whichever side ended it.
 */
public final class TextMessages implements WebSocket.Listener {

  private final Consumer<String> onMessage;
  private final CompletableFuture<Void> ended = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();

  public TextMessages(Consumer<String> onMessage) {
    this.onMessage = onMessage;
  }

  public CompletableFuture<Void> ended() {
    return ended;
  }

  @Override
  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      String text = partial.toString();
      partial.setLength(0);
      onMessage.accept(text);
    }
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
    ended.complete(null);
    return null;
  }

  @Override
  public void onError(WebSocket ws, Throwable error) {
    ended.complete(null);
  }
}
