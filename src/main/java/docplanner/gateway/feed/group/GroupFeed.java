package docplanner.gateway.feed.group;

import docplanner.gateway.feed.Channel;
import docplanner.gateway.feed.EventFilter;
import docplanner.gateway.ops.ThrottledLog;
import docplanner.gateway.store.RedisLink;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The consumer groups of one feed instance: its group consumers, one {@link GroupDispatcher} per
 * group with consumers here, and acknowledgements. It uses the instance's command link (every
 * group command is non-blocking and pipelined), so groups add no Redis connection.
 */
public final class GroupFeed {

  private static final Logger LOG = LoggerFactory.getLogger(GroupFeed.class);
  private static final ThrottledLog CUT_OFF = ThrottledLog.info(LOG);
  private static final ThrottledLog HAND_BACK_FAILED = ThrottledLog.warn(LOG);

  final Groups groups;
  final GroupReader reader;
  final GroupAcks acks;
  final Redelivery redelivery;
  final DeadLetters deadLetters;
  final RedisLink link;
  private final Vertx vertx;
  private final Context context;
  private final GroupHost host;
  private final Map<String, GroupDispatcher> dispatchers = new HashMap<>();
  private final List<GroupConsumer> all = new ArrayList<>();

  /** Create it on the instance's event loop. */
  public GroupFeed(Vertx vertx, RedisLink link, Groups groups, GroupHost host) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.groups = groups;
    this.link = link;
    this.reader = new GroupReader(link, groups.keys.stream());
    this.acks = new GroupAcks(link, groups.keys.stream());
    this.deadLetters = new DeadLetters(link, groups.keys);
    this.redelivery = new Redelivery(link, reader, deadLetters, groups.settings.visibilityTimeout().toMillis(),
        groups.settings.maxDeliveries());
    this.host = host;
  }

  /** Creates the group when it does not exist (from the request's start); before the client is answered. */
  public Future<Void> prepare(GroupRequest request) {
    groups.metrics.group(request.group());
    return reader.create(request.group(), request.start());
  }

  /**
   * Adds a consumer connection whose response has started: it is told who it is, then gets its
   * own pending entries, then new ones. Returns it, for the WebSocket's acknowledgement frames.
   */
  public GroupConsumerHandle join(Channel channel, GroupRequest request, EventFilter filter) {
    GroupConsumer consumer = new GroupConsumer(request.group(), request.consumer(), channel, filter, context);
    host.consumerJoined(channel.protocol());
    all.add(consumer);
    groups.joined(consumer);
    channel.onClose(() -> leave(consumer));
    channel.onTooSlow(() -> {
      if (!consumer.closed) {
        cutOff(consumer);
      }
    });
    consumer.notice("subscribed", GroupFrames.subscribed(consumer.group, consumer.name));
    GroupDispatcher dispatcher = dispatchers.computeIfAbsent(consumer.group, g -> {
      GroupDispatcher created = new GroupDispatcher(g, vertx, context, this);
      groups.started(created);
      return created;
    });
    dispatcher.add(consumer);
    return new GroupConsumerHandle(this, consumer);
  }

  /** The stream reader handed this instance new entries: every group with consumers here reads. */
  public void newEntries() {
    for (GroupDispatcher dispatcher : dispatchers.values()) {
      dispatcher.wake();
    }
  }

  /** A heartbeat to every group consumer not written to for {@code idleNanos}. */
  public void heartbeat(long idleNanos) {
    long now = System.nanoTime();
    for (GroupConsumer consumer : all) {
      if (now - consumer.lastWriteNanos >= idleNanos) {
        consumer.channel.heartbeat();
        consumer.lastWriteNanos = now;
      }
    }
  }

  /** Server shutting down: every consumer is told to come back; what it holds stays pending for it. */
  public void closeAll() {
    for (GroupConsumer consumer : new ArrayList<>(all)) {
      leave(consumer);
      consumer.channel.closeForShutdown();
    }
  }

  void cutOff(GroupConsumer consumer) {
    CUT_OFF.log("cut off a slow {} consumer {} of group {} (more than its buffer queued); its events go to others",
        consumer.channel.protocol(), consumer.name, consumer.group);
    host.consumerCutOff(consumer.channel.protocol());
    leave(consumer);
    consumer.channel.cutOff();
  }

  /** Entries read for a consumer that cannot take them: back for immediate redelivery to another. */
  void handBack(GroupConsumer consumer, List<String> ids) {
    acks.nack(consumer.group, consumer.name, ids, groups.handBackIdleMs())
        .onSuccess(n -> groups.sweepSoon(consumer.group))
        .onFailure(e -> HAND_BACK_FAILED.log("group {}: could not hand back {} entries of consumer {} ({}); "
            + "they come back after the visibility timeout", consumer.group, ids.size(), consumer.name, e.getMessage()));
  }

  private void leave(GroupConsumer consumer) {
    if (consumer.closed) {
      return;
    }
    consumer.closed = true;
    all.remove(consumer);
    groups.left(consumer);
    GroupDispatcher dispatcher = dispatchers.get(consumer.group);
    if (dispatcher != null && dispatcher.remove(consumer)) {
      dispatchers.remove(consumer.group);
      groups.stopped(dispatcher);
    }
    host.consumerLeft(consumer.channel.protocol());
  }

  // ---- acknowledgements from POST /events/ack and /events/nack (any instance, any consumer) ----

  /** Acknowledges for the group; fails with NOGROUP when it does not exist. */
  public Future<Integer> ack(String group, String consumer, List<String> ids) {
    return acks.ackKnown(group, ids).andThen(ar -> {
      if (ar.succeeded()) {
        settled(group, consumer, ids, true);
      }
    });
  }

  /** Hands the ids back for immediate redelivery; fails with NOGROUP when the group does not exist. */
  public Future<Integer> nack(String group, String consumer, List<String> ids) {
    return acks.nack(group, consumer, ids, groups.handBackIdleMs()).andThen(ar -> {
      if (ar.succeeded()) {
        settled(group, consumer, ids, false);
        groups.sweepSoon(group);
      }
    });
  }

  /** Tells the consumer's connection in this process (if any), on its own loop, that these are done. */
  private void settled(String group, String consumer, List<String> ids, boolean acked) {
    GroupConsumer connection = groups.consumer(group, consumer);
    if (connection != null) {
      connection.context.runOnContext(v -> {
        connection.settled(ids, acked ? groups.metrics::acked : null);
        if (!connection.closed) {
          connection.dispatcher.wake(); // it may have credit again
        }
      });
    }
  }

  /** Whether the failure means the group does not exist. */
  public static boolean unknownGroup(Throwable failure) {
    return GroupReader.isError(failure, "NOGROUP");
  }
}
