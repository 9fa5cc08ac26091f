package docplanner.gateway.feed.group;

import docplanner.gateway.event.StreamId;
import docplanner.gateway.web.Problem;
import io.vertx.core.http.HttpServerRequest;

/**
 * A subscription in group mode: {@code ?group=G[&consumer=C][&since=id]}. {@code start} is where
 * the group begins when this request creates it ({@code $}: new events only, {@code 0}: all
 * retained, or an id); an existing group keeps its own position. {@code Last-Event-ID} is not
 * read: the group's pending list is the resume mechanism.
 */
public record GroupRequest(String group, String consumer, String start) {

  /** The group part of a subscription, or null for a plain (broadcast) one. */
  public static GroupRequest parse(HttpServerRequest request) {
    String group = request.getParam("group");
    String consumer = request.getParam("consumer");
    if (group == null) {
      if (consumer != null) {
        throw new Problem(400, "invalid-consumer", "Consumer without a group",
            "consumer names a member of a consumer group: group is required with it");
      }
      return null;
    }
    if (!GroupName.valid(group)) {
      throw new Problem(400, "invalid-group", "Invalid group name",
          "group must be 1 to 64 characters of A-Z a-z 0-9 . _ -");
    }
    if (consumer != null && !GroupName.valid(consumer)) {
      throw new Problem(400, "invalid-consumer", "Invalid consumer name",
          "consumer must be 1 to 64 characters of A-Z a-z 0-9 . _ -");
    }
    return new GroupRequest(group, consumer == null ? GroupName.generatedConsumer() : consumer, start(request));
  }

  private static String start(HttpServerRequest request) {
    String since = request.getParam("since");
    if (since == null) {
      return "$";
    }
    since = since.trim();
    if (since.equals("0") || since.equals("0-0")) {
      return "0";
    }
    StreamId id = StreamId.parse(since);
    if (id == null) {
      throw new Problem(400, "invalid-since", "Invalid start id",
          "since must be a stream id such as 1732770000000-0, or 0 for all retained history");
    }
    return id.toString();
  }
}
