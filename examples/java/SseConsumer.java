import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * A complete docplanner-gateway feed consumer over Server-Sent Events, with the JDK's HttpClient
 * only (Java 17: run it with `java SseConsumer.java`).
 *
 * It keeps the id of the last event it handled in a file and sends it back as Last-Event-ID when
 * it (re)connects, so a restart or a dropped connection loses nothing and repeats nothing. An
 * `event: reset` means that id is no longer retained: everything retained follows, and what
 * happened in between must be reconciled another way.
 *
 * Environment: FEED_URL (default http://localhost:8081/events, filters allowed:
 * ...?names=slot-booked), FEED_TOKEN (when the gateway has feed.tokens), STATE_FILE (default
 * last-event-id.txt), MAX_EVENTS (stop after that many events; default: run forever).
 */
public class SseConsumer {

  public static void main(String[] args) throws Exception {
    String url = env("FEED_URL", "http://localhost:8081/events");
    String token = env("FEED_TOKEN", "");
    Path state = Path.of(env("STATE_FILE", "last-event-id.txt"));
    long maxEvents = Long.parseLong(env("MAX_EVENTS", "-1"));
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    long handled = 0;
    long retryMs = 2_000;
    while (maxEvents < 0 || handled < maxEvents) {
      HttpRequest.Builder request = HttpRequest.newBuilder().header("Accept", "text/event-stream");
      if (Files.exists(state)) {
        request.uri(URI.create(url)).header("Last-Event-ID", Files.readString(state).strip());
      } else { // no saved id yet: start with everything the gateway retains
        request.uri(URI.create(url + (url.contains("?") ? "&" : "?") + "since=0"));
      }
      if (!token.isEmpty()) {
        request.header("Authorization", "Bearer " + token);
      }
      try {
        HttpResponse<java.io.InputStream> response =
            client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
          throw new IOException("feed answered " + response.statusCode() + ": "
              + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
          String id = null;
          String event = "message";
          StringBuilder data = new StringBuilder();
          String line;
          while ((maxEvents < 0 || handled < maxEvents) && (line = lines.readLine()) != null) {
            if (line.isEmpty()) { // a blank line ends an event
              if (data.length() > 0) {
                if (event.equals("reset")) {
                  onReset(data.toString());
                } else {
                  onEvent(id, event, data.toString());
                  saveAtomically(state, id); // only after the event was handled
                  handled++;
                }
              }
              id = null;
              event = "message";
              data.setLength(0);
            } else if (line.startsWith("id:")) {
              id = line.substring(3).strip();
            } else if (line.startsWith("event:")) {
              event = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
              data.append(data.length() > 0 ? "\n" : "").append(line.substring(5).strip());
            } else if (line.startsWith("retry:")) {
              retryMs = Long.parseLong(line.substring(6).strip());
            } // lines starting with ':' are heartbeats
          }
        }
      } catch (IOException e) {
        System.err.println("feed: " + e.getMessage() + "; reconnecting in " + retryMs + " ms");
      }
      if (maxEvents < 0 || handled < maxEvents) {
        Thread.sleep(retryMs);
      }
    }
  }

  /** Your code goes here: the envelope is JSON, its "notification" is what Docplanner sent. */
  static void onEvent(String id, String name, String envelope) {
    System.out.println("event " + id + " " + name);
  }

  /** The saved id was trimmed or unknown: the full retained history follows; reconcile. */
  static void onReset(String reset) {
    System.out.println("reset " + reset);
  }

  static void saveAtomically(Path state, String id) throws IOException {
    Path tmp = state.resolveSibling(state.getFileName() + ".tmp");
    Files.writeString(tmp, id);
    Files.move(tmp, state, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isEmpty() ? fallback : value;
  }
}
