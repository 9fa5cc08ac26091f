package docplanner.gateway.feed;

import docplanner.gateway.event.StreamId;
import docplanner.gateway.web.Problem;
import docplanner.gateway.web.Secrets;
import io.vertx.core.http.HttpServerRequest;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a subscriber asks for, read the same way for SSE and WebSocket: credentials, where to
 * start, and filters.
 *
 * <ul>
 *   <li>{@code Authorization: Bearer <token>} or {@code ?access_token=} (EventSource cannot set headers)</li>
 *   <li>{@code Last-Event-ID} header, else {@code ?since=<id>} ({@code 0}: all retained history),
 *       else live from now. The header wins: a reconnecting EventSource sends it while the URL
 *       still carries the first {@code since}.</li>
 *   <li>{@code ?names=a,b}, {@code ?facility=id[,id]}, {@code ?doctor=id[,id]}</li>
 * </ul>
 */
record SubscriptionRequest(FeedHub.Start start, EventFilter filter) {

  static SubscriptionRequest parse(HttpServerRequest request, List<String> tokens) {
    authorize(request, tokens);
    return new SubscriptionRequest(start(request), new EventFilter(
        values(request, "names"), values(request, "facility"), values(request, "doctor")));
  }

  private static void authorize(HttpServerRequest request, List<String> tokens) {
    if (tokens.isEmpty()) {
      return;
    }
    String presented = request.getParam("access_token");
    String header = request.getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      presented = header.substring(7).trim();
    }
    if (presented == null || presented.isEmpty()) {
      request.response().putHeader("WWW-Authenticate", "Bearer realm=\"docplanner-gateway feed\"");
      throw new Problem(401, "unauthorized", "Authentication required",
          "send a feed token as Authorization: Bearer <token> or ?access_token=<token>");
    }
    if (!Secrets.oneOf(presented, tokens)) {
      request.response().putHeader("WWW-Authenticate", "Bearer realm=\"docplanner-gateway feed\", error=\"invalid_token\"");
      throw new Problem(401, "unauthorized", "Invalid token", "the feed token is not one of feed.tokens");
    }
  }

  private static FeedHub.Start start(HttpServerRequest request) {
    String lastEventId = request.getHeader("Last-Event-ID");
    if (lastEventId != null && !lastEventId.isBlank()) {
      return resumeFrom(lastEventId.trim(), false);
    }
    String since = request.getParam("since");
    if (since != null) {
      return resumeFrom(since.trim(), true);
    }
    return new FeedHub.Live();
  }

  private static FeedHub.Start resumeFrom(String requested, boolean strict) {
    if (requested.equals("0") || requested.equals("0-0")) {
      return new FeedHub.Everything();
    }
    StreamId id = StreamId.parse(requested);
    if (id == null && strict) {
      throw new Problem(400, "invalid-since", "Invalid resume id",
          "since must be a stream id such as 1732770000000-0 (from an event's id), or 0 for all retained history");
    }
    // A malformed Last-Event-ID is treated as unknown: the client gets a reset, not a dead stream.
    return new FeedHub.After(requested.length() > 64 ? requested.substring(0, 64) : requested, id);
  }

  private static Set<String> values(HttpServerRequest request, String name) {
    List<String> raw = request.params().getAll(name);
    if (raw.isEmpty()) {
      return Set.of();
    }
    Set<String> out = new LinkedHashSet<>();
    for (String value : raw) {
      for (String part : value.split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
    }
    return Set.copyOf(out);
  }
}
