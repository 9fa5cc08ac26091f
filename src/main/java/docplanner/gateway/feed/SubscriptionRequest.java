package docplanner.gateway.feed;

import docplanner.gateway.event.StreamId;
import docplanner.gateway.feed.group.GroupRequest;
import docplanner.gateway.web.Problem;
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
 *   <li>{@code ?group=G[&consumer=C]}: a consumer group subscription ({@link GroupRequest}), where
 *       {@code since} only says where a new group starts</li>
 * </ul>
 */
record SubscriptionRequest(FeedHub.Start start, EventFilter filter, GroupRequest group) {

  static SubscriptionRequest parse(HttpServerRequest request, List<String> tokens) {
    FeedTokens.authorize(request, tokens);
    GroupRequest group = GroupRequest.parse(request);
    return new SubscriptionRequest(group == null ? start(request) : new FeedHub.Live(), new EventFilter(
        values(request, "names"), values(request, "facility"), values(request, "doctor")), group);
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
