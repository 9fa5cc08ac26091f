package docplanner.gateway.feed.group;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * A group consumer as its WebSocket sees it: the text frames the client sends,
 * {@code {"ack":"<id>"}}, {@code {"ack":["<id>",...]}} and the same with {@code "nack"}. A frame
 * that is none of these is answered {@code {"type":"error","detail":...}} and the connection stays.
 */
public final class GroupConsumerHandle {

  /** Ids one frame may carry (a frame is at most 64 KiB anyway). */
  static final int MAX_IDS = 1_000;

  private final GroupFeed feed;
  private final GroupConsumer consumer;

  GroupConsumerHandle(GroupFeed feed, GroupConsumer consumer) {
    this.feed = feed;
    this.consumer = consumer;
  }

  public String consumer() {
    return consumer.name;
  }

  /** One text message from the client (on the consumer's event loop). */
  public void onText(String text) {
    if (consumer.closed) {
      return;
    }
    JsonObject frame;
    try {
      frame = new JsonObject(text);
    } catch (DecodeException | ClassCastException notAnObject) {
      error("a frame must be a JSON object such as {\"ack\":\"<id>\"} or {\"nack\":[\"<id>\"]}");
      return;
    }
    boolean ack = frame.containsKey("ack");
    boolean nack = frame.containsKey("nack");
    if (ack == nack || frame.size() != 1) {
      error("a frame has exactly one member, ack or nack");
      return;
    }
    List<String> ids = ids(frame.getValue(ack ? "ack" : "nack"));
    if (ids == null) {
      error((ack ? "ack" : "nack") + " takes an event id or a list of 1 to " + MAX_IDS
          + " event ids such as \"1732770000000-0\"");
      return;
    }
    if (ack) {
      feed.acks.ack(consumer.group, ids)
          .onSuccess(n -> {
            consumer.settled(ids, feed.groups.metrics::acked);
            consumer.dispatcher.wake(); // it may have credit again
          })
          .onFailure(e -> error("the acknowledgement could not be stored (" + e.getMessage() + "); send it again"));
    } else {
      feed.nack(consumer.group, consumer.name, ids)
          .onFailure(e -> error("the nack could not be stored (" + e.getMessage() + "); send it again"));
    }
  }

  private void error(String detail) {
    if (!consumer.closed) {
      consumer.notice("error", GroupFrames.error(detail));
    }
  }

  /** An id or a list of ids, each a stream id; null when it is anything else. */
  static List<String> ids(Object value) {
    List<Object> raw;
    if (value instanceof String single) {
      raw = List.of(single);
    } else if (value instanceof JsonArray array && !array.isEmpty() && array.size() <= MAX_IDS) {
      raw = array.getList();
    } else {
      return null;
    }
    List<String> ids = new ArrayList<>(raw.size());
    for (Object id : raw) {
      if (!(id instanceof String text) || docplanner.gateway.event.StreamId.parse(text) == null || text.indexOf('-') < 0) {
        return null;
      }
      ids.add(text);
    }
    return ids;
  }
}
