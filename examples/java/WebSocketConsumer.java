import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The docplanner-gateway feed over WebSocket with the JDK's java.net.http.WebSocket (Java 17:
 * `java WebSocketConsumer.java`). One JSON text message per event; the last handled id is kept
 * in a file and sent back as ?since= on every (re)connect. A message with "type":"reset" means
 * that id is no longer retained: everything retained follows. Close 1013 (too slow) and 1012
 * (server restarting) mean: reconnect with your last id.
 *
 * Environment: FEED_WS_URL (default ws://localhost:8081/events/ws), FEED_TOKEN, STATE_FILE
 * (default last-event-id.txt), MAX_EVENTS (stop after that many events; default: run forever).
 */
public class WebSocketConsumer {

  // A real consumer parses the message with its JSON library; the JDK has none, so a pattern
  // picks out the two top-level fields this example prints (the envelope's first fields).
  private static final Pattern ID = Pattern.compile("^\\{\"id\":\"([^\"]+)\",\"name\":\"([^\"]+)\"");

  public static void main(String[] args) throws Exception {
    String url = env("FEED_WS_URL", "ws://localhost:8081/events/ws");
    String token = env("FEED_TOKEN", "");
    Path state = Path.of(env("STATE_FILE", "last-event-id.txt"));
    long maxEvents = Long.parseLong(env("MAX_EVENTS", "-1"));
    HttpClient client = HttpClient.newHttpClient();

    long[] handled = {0};
    while (maxEvents < 0 || handled[0] < maxEvents) {
      String since = Files.exists(state) ? Files.readString(state).strip() : "0";
      String query = "since=" + URLEncoder.encode(since, StandardCharsets.UTF_8);
      WebSocket.Builder builder = client.newWebSocketBuilder();
      if (!token.isEmpty()) {
        builder.header("Authorization", "Bearer " + token);
      }
      CompletableFuture<Integer> closed = new CompletableFuture<>();
      try {
        builder.buildAsync(URI.create(url + (url.contains("?") ? "&" : "?") + query), new WebSocket.Listener() {
          private final StringBuilder text = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket ws, CharSequence part, boolean last) {
            text.append(part);
            if (last) {
              String message = text.toString();
              text.setLength(0);
              try {
                if (message.startsWith("{\"type\":\"reset\"")) {
                  System.out.println("reset " + message);
                } else {
                  Matcher m = ID.matcher(message);
                  if (m.find()) {
                    System.out.println("event " + m.group(1) + " " + m.group(2)); // your code goes here
                    save(state, m.group(1)); // only after the event was handled
                    handled[0]++;
                  }
                }
              } catch (Exception e) {
                closed.completeExceptionally(e);
              }
              if (maxEvents >= 0 && handled[0] >= maxEvents) {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
                closed.complete(WebSocket.NORMAL_CLOSURE);
              }
            }
            ws.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            closed.complete(code);
            return null;
          }

          @Override
          public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
          }
        }).join();
        int code = closed.join();
        if (code != WebSocket.NORMAL_CLOSURE) {
          System.err.println("feed closed with " + code + "; reconnecting with the last id");
        }
      } catch (Exception e) {
        System.err.println("feed: " + e.getMessage() + "; reconnecting in 2 s");
        Thread.sleep(2_000);
      }
    }
  }

  static void save(Path state, String id) throws Exception {
    Path tmp = state.resolveSibling(state.getFileName() + ".tmp");
    Files.writeString(tmp, id);
    Files.move(tmp, state, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isEmpty() ? fallback : value;
  }
}
