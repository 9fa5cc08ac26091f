package docplanner.feed.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/** What a connection needs to subscribe: the client, the URI (with its query), the token, and how long an answer may take. */
record Subscription(HttpClient http, URI uri, String token, Duration answerTimeout) {

  /** {@code Authorization: Bearer <token>} as a header pair, or none. */
  String[] authorization() {
    return token == null ? new String[0] : new String[] {"Authorization", "Bearer " + token};
  }
}
