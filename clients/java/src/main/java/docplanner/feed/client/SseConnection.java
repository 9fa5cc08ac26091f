package docplanner.feed.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /events} as Server-Sent Events: lines up to a blank line make one event, whose
 * {@code data} is the JSON message ({@code id:} and {@code event:} repeat what the JSON says).
 * Group deliveries are settled over HTTP by the client, not here.
 */
final class SseConnection implements Connection {

  private final Subscription subscription;
  private volatile InputStream body;

  SseConnection(Subscription subscription) {
    this.subscription = subscription;
  }

  @Override
  public void run(Sink sink) throws Exception {
    URI uri = subscription.uri();
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(subscription.answerTimeout())
        .header("Accept", "text/event-stream");
    if (subscription.authorization().length > 0) {
      request.headers(subscription.authorization());
    }
    HttpResponse<InputStream> response = subscription.http().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    body = response.body();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      if (response.statusCode() != 200) {
        throw new FeedException("GET " + uri.getPath() + " answered " + response.statusCode() + ": "
            + FeedEvent.abbreviate(new String(response.body().readNBytes(2048), StandardCharsets.UTF_8)));
      }
      sink.opened();
      StringBuilder data = new StringBuilder();
      boolean hasData = false;
      String line;
      while ((line = lines.readLine()) != null) {
        sink.activity();
        if (line.isEmpty()) {
          if (hasData) {
            sink.message(data.toString());
          }
          data.setLength(0);
          hasData = false;
        } else if (line.startsWith("data:")) {
          String value = line.substring(line.startsWith("data: ") ? 6 : 5);
          data.append(hasData ? "\n" : "").append(value);
          hasData = true;
        }
        // id:, event:, retry: and comments (heartbeats) need nothing more
      }
    }
  }

  @Override
  public boolean settle(String verb, String id) {
    return false;
  }

  @Override
  public void abort() {
    InputStream open = body;
    if (open != null) {
      try {
        open.close();
      } catch (IOException ignored) {
        // closing to stop reading: nothing to do when that fails
      }
    }
  }
}
