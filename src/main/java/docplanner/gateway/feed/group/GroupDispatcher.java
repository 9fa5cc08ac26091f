package docplanner.gateway.feed.group;

import docplanner.gateway.feed.EncodedEvent;
import docplanner.gateway.feed.FrameEncoder;
import docplanner.gateway.feed.StreamEntry;
import docplanner.gateway.ops.ThrottledLog;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The consumers of one group on one feed instance, and the one reader that gives them work.
 *
 * <p>Why no blocking read: an {@code XREADGROUP BLOCK} per consumer holds a Redis connection per
 * consumer (hundreds of consumers, hundreds of connections per replica, all outside the link
 * budget). Instead the process's one stream reader ({@code StreamTail}, which follows the stream
 * anyway) wakes every instance when new entries arrive, and each consumer of a group here that
 * has credit (fewer than {@code groups.max-unacked} unacknowledged, a write queue below
 * {@code feed.max-buffer}) issues a non-blocking {@code XREADGROUP ... >} for at most
 * {@value #READ_COUNT} entries on the instance's pipelined command link. Redis hands each entry
 * to exactly one of the readers of all instances and replicas, in proportion to the consumers
 * reading, and records it as pending for the consumer it was read as, so acknowledgements,
 * redelivery and a reconnect under the same name work across replicas with no state here. A
 * consumer without credit reads nothing (it cannot hoard work it cannot write); at most one read
 * per consumer is in flight, so memory is bounded by {@value #READ_COUNT} entries per consumer
 * plus its write queue, and nothing waits on the event loop.
 *
 * <p>A sweep every {@code groups.visibility-timeout / 3} (at most 5 s) redelivers what was not
 * acknowledged in time ({@link Redelivery}) and also reads, in case a wake-up was missed (the
 * stream reader was down). Everything here runs on the instance's event loop.
 */
final class GroupDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(GroupDispatcher.class);
  private static final ThrottledLog RECREATED = ThrottledLog.warn(LOG);
  private static final ThrottledLog FAILED = ThrottledLog.warn(LOG);

  /** Entries read per call: small, so consecutive reads spread work over the consumers. */
  static final int READ_COUNT = 32;
  /** How long a consumer just served lets the others read first. */
  static final long YIELD_MS = 2;
  private static final long YIELD_WINDOW_NANOS = 50_000_000;
  /** How soon a consumer out of credit first asks Redis what it still holds (see reconcileSoon). */
  static final long RECONCILE_FIRST_MS = 10;
  /** A reconnecting consumer's own pending entries are read this many at a time. */
  static final int PENDING_PAGE = 100;

  final String group;
  final Context context;
  private final Vertx vertx;
  private final GroupFeed feed;
  private final List<GroupConsumer> consumers = new ArrayList<>();
  private int next;
  private boolean sweeping;
  private boolean sweepAgain;
  private Future<Void> recreating;
  private long timer = -1;

  GroupDispatcher(String group, Vertx vertx, Context context, GroupFeed feed) {
    this.group = group;
    this.vertx = vertx;
    this.context = context;
    this.feed = feed;
  }

  void add(GroupConsumer consumer) {
    consumer.dispatcher = this;
    consumers.add(consumer);
    if (timer < 0) {
      timer = vertx.setPeriodic(feed.groups.settings.sweepInterval().toMillis(), t -> {
        sweep();
        wake();
        reconcileStarved();
      });
    }
    recover(consumer, "0");
  }

  /** True when it has no consumers left (its timer is then stopped). */
  boolean remove(GroupConsumer consumer) {
    consumers.remove(consumer);
    if (consumers.isEmpty() && timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    return consumers.isEmpty();
  }

  int credit(GroupConsumer consumer) {
    return consumer.credit(feed.groups.settings.maxUnacked(), feed.groups.settings.visibilityTimeout().toNanos());
  }

  /** Whether it may be given work now. */
  private boolean hasRoom(GroupConsumer consumer) {
    return !consumer.closed && !consumer.recovering && !consumer.channel.full() && credit(consumer) > 0;
  }

  /** The next consumer in turn, other than one named {@code notNamed}, that may take work, or null. */
  private GroupConsumer nextWithRoom(String notNamed) {
    int n = consumers.size();
    for (int i = 0; i < n; i++) {
      GroupConsumer candidate = consumers.get((next + i) % n);
      if (hasRoom(candidate) && !candidate.name.equals(notNamed)) {
        next = (next + i + 1) % n;
        return candidate;
      }
    }
    return null;
  }

  /**
   * New entries may be there: every consumer with room reads its share. The first read to reach
   * Redis takes what is there, so one that was just served reads {@value #YIELD_MS} ms later: the
   * others (here and on other replicas) go first, as blocked readers would take turns in Redis,
   * and a group's work is shared by consumer rather than by replica.
   */
  void wake() {
    long now = System.nanoTime();
    for (GroupConsumer consumer : consumers) {
      if (now - consumer.servedNanos < YIELD_WINDOW_NANOS) {
        if (!consumer.yielding) {
          consumer.yielding = true;
          vertx.setTimer(YIELD_MS, t -> {
            consumer.yielding = false;
            read(consumer);
          });
        }
      } else {
        read(consumer);
      }
    }
  }

  /**
   * One read for {@code consumer}, unless one is under way (then once more after it). Each
   * consumer reads for itself, so Redis shares the entries by consumer, not by replica: a replica
   * with two consumers of the group gets twice the work of one with one.
   */
  private void read(GroupConsumer consumer) {
    if (consumer.reading) {
      consumer.readAgain = true;
      return;
    }
    if (!hasRoom(consumer)) {
      if (!consumer.closed && !consumer.recovering && credit(consumer) == 0) {
        reconcileSoon(consumer);
      }
      return;
    }
    int count = Math.min(READ_COUNT, credit(consumer));
    consumer.reading = true;
    consumer.readAgain = false;
    feed.reader.readNew(group, consumer.name, count).onComplete(ar -> {
      consumer.reading = false;
      if (ar.failed()) {
        failed(ar.cause());
        return;
      }
      GroupReader.Read read = ar.result();
      if (read.lastId() != null) {
        feed.groups.read(group, read.lastId());
      }
      if (!read.entries().isEmpty()) {
        consumer.servedNanos = System.nanoTime();
      }
      deliver(consumer, read.entries(), Map.of());
      if (read.size() >= count || consumer.readAgain) {
        read(consumer);
      }
    });
  }

  /** A (re)connected consumer first gets its own pending entries, page by page, then new ones. */
  private void recover(GroupConsumer consumer, String after) {
    feed.reader.readPending(group, consumer.name, after, PENDING_PAGE)
        .compose(read -> feed.reader.deliveryCounts(group, ids(read.entries()))
            .map(counts -> new Object[] {read, counts}))
        .onComplete(ar -> {
          if (consumer.closed) {
            return;
          }
          if (ar.failed()) {
            if (GroupReader.isError(ar.cause(), "NOGROUP")) {
              recreate().onSuccess(v -> recover(consumer, "0"));
            } else {
              FAILED.log("closing a consumer of group {}: reading its pending entries failed ({}); it reconnects",
                  group, ar.cause().getMessage());
              feed.cutOff(consumer);
            }
            return;
          }
          GroupReader.Read read = (GroupReader.Read) ar.result()[0];
          @SuppressWarnings("unchecked")
          Map<String, Integer> counts = (Map<String, Integer>) ar.result()[1];
          reportLost(consumer, read.lost());
          deliver(consumer, read.entries(), counts);
          if (read.size() < PENDING_PAGE) {
            consumer.recovering = false;
            wake();
          } else if (consumer.channel.full()) {
            consumer.channel.onDrain(() -> {
              if (!consumer.closed) {
                recover(consumer, read.lastId());
              }
            });
          } else {
            recover(consumer, read.lastId());
          }
        });
  }

  /** The sweep's backstop for {@link #reconcileSoon}: every consumer still out of credit. */
  private void reconcileStarved() {
    for (GroupConsumer consumer : consumers) {
      if (!consumer.closed && !consumer.recovering && credit(consumer) == 0) {
        reconcileSoon(consumer);
      }
    }
  }

  /**
   * A consumer out of credit may have been acknowledging through another replica (POST
   * /events/ack there, as behind a load balancer), which this one does not hear of: Redis says
   * what it still holds. Asked {@value #RECONCILE_FIRST_MS} ms after it ran out, then at twice
   * the last wait while it stays out, up to the sweep interval: a consumer acknowledging elsewhere
   * as fast as it is fed loses a few milliseconds per {@code groups.max-unacked} events rather than
   * a sweep interval (its share of the group's work would otherwise shrink to what it can take per
   * sweep), and one that is really behind costs one XPENDING per sweep interval.
   */
  private void reconcileSoon(GroupConsumer consumer) {
    if (consumer.reconciling) {
      return;
    }
    consumer.reconciling = true;
    vertx.setTimer(consumer.reconcileWaitMs, t -> {
      if (consumer.closed) {
        consumer.reconciling = false;
        return;
      }
      feed.reader.pendingOf(group, consumer.name, feed.groups.settings.maxUnacked()).onComplete(ar -> {
        consumer.reconciling = false;
        if (consumer.closed) {
          return;
        }
        if (ar.succeeded()) {
          consumer.retainOnly(ar.result());
        }
        if (credit(consumer) > 0) {
          consumer.reconcileWaitMs = RECONCILE_FIRST_MS;
          wake();
        } else {
          consumer.reconcileWaitMs = Math.min(2 * consumer.reconcileWaitMs, feed.groups.settings.sweepInterval().toMillis());
          reconcileSoon(consumer);
        }
      });
    });
  }

  /**
   * Redelivers entries past the visibility timeout (and dead-letters the worn-out ones) to
   * another consumer than the one holding them: a consumer that did not acknowledge in time is
   * stuck or slow, and giving it its events again would only wear their delivery count out while
   * healthy consumers wait. Only when no other consumer here has room does the holder get its own
   * back, and then only once they have been idle twice the visibility timeout (time enough for
   * another replica's consumers to take them); nacked and handed-back entries are made that idle
   * at once ({@link Groups#handBackIdleMs()}), so a lone consumer's nack is still redelivered now.
   */
  void sweep() {
    if (sweeping) {
      sweepAgain = true;
      return;
    }
    if (consumers.stream().noneMatch(this::hasRoom)) {
      return;
    }
    sweeping = true;
    sweepAgain = false;
    long visibilityMs = feed.groups.settings.visibilityTimeout().toMillis();
    feed.redelivery.due(group, READ_COUNT).compose(due -> {
      List<GroupReader.Pending> entries = due.entries();
      if (entries.isEmpty()) {
        return Future.succeededFuture(new Claimed(null, new Redelivery.Sweep(due.pending(), List.of(), 0, List.of(), false)));
      }
      String holder = entries.get(0).consumer();
      GroupConsumer target = nextWithRoom(holder);
      boolean toHolder = target == null;
      if (toHolder) {
        target = byName(holder);
        if (target == null || !hasRoom(target) || entries.get(0).idleMs() < 2 * visibilityMs) {
          return Future.succeededFuture(new Claimed(null, new Redelivery.Sweep(due.pending(), List.of(), 0, List.of(), false)));
        }
      }
      // The oldest due entries that may go to this target, as many as it has credit for.
      List<GroupReader.Pending> run = new ArrayList<>();
      int credit = Math.min(READ_COUNT, credit(target));
      for (GroupReader.Pending p : entries) {
        boolean fits = toHolder ? p.consumer().equals(holder) && p.idleMs() >= 2 * visibilityMs : !p.consumer().equals(target.name);
        if (!fits || run.size() == credit) {
          break;
        }
        run.add(p);
      }
      GroupConsumer chosen = target;
      boolean more = run.size() < entries.size() || entries.size() == READ_COUNT;
      return feed.redelivery.claim(group, chosen.name, due.pending(), run, more).map(sweep -> new Claimed(chosen, sweep));
    }).onComplete(ar -> {
      sweeping = false;
      if (ar.failed()) {
        failed(ar.cause());
        return;
      }
      GroupConsumer target = ar.result().target();
      Redelivery.Sweep sweep = ar.result().sweep();
      feed.groups.metrics.pending(group, sweep.pending());
      feed.groups.metrics.deadLettered(group, sweep.deadLettered());
      if (target == null) {
        return;
      }
      reportLost(target, sweep.lost());
      List<StreamEntry> entries = new ArrayList<>(sweep.again().size());
      Map<String, Integer> counts = new java.util.HashMap<>();
      for (Redelivery.Again again : sweep.again()) {
        entries.add(again.entry());
        counts.put(again.entry().idText(), again.deliveries());
      }
      deliver(target, entries, counts);
      // Again at once only while this sweep made progress (else the next timer tick tries).
      boolean progress = !sweep.again().isEmpty() || sweep.deadLettered() > 0 || !sweep.lost().isEmpty();
      if ((sweep.more() && progress) || sweepAgain) {
        sweep();
      }
    });
  }

  /** What a sweep claimed, and for whom (null: nothing was claimed). */
  private record Claimed(GroupConsumer target, Redelivery.Sweep sweep) {
  }

  private GroupConsumer byName(String name) {
    for (GroupConsumer consumer : consumers) {
      if (consumer.name.equals(name)) {
        return consumer;
      }
    }
    return null;
  }

  /**
   * Gives {@code consumer} the entries it was handed in Redis: those its filter lets through are
   * written, the others are acknowledged for it at once (they must not hold up the group). Entries
   * for a consumer that left (or is cut off now, its queue full) go back for immediate redelivery.
   */
  private void deliver(GroupConsumer consumer, List<StreamEntry> entries, Map<String, Integer> counts) {
    if (entries.isEmpty()) {
      return;
    }
    if (consumer.closed || consumer.channel.full()) {
      if (!consumer.closed) {
        feed.cutOff(consumer);
      }
      feed.handBack(consumer, ids(entries));
      return;
    }
    List<EncodedEvent> out = new ArrayList<>(entries.size());
    List<String> skipped = new ArrayList<>();
    int again = 0;
    for (StreamEntry entry : entries) {
      EncodedEvent event = FrameEncoder.encode(entry);
      if (!consumer.filter.matches(event)) {
        skipped.add(entry.idText());
        continue;
      }
      int deliveries = counts.getOrDefault(entry.idText(), 1);
      if (deliveries > 1) {
        again++;
      }
      out.add(GroupFrames.delivery(event, group, deliveries));
    }
    feed.acks.ack(group, skipped).onFailure(e -> FAILED.log(
        "could not acknowledge {} filtered-out entries of group {} ({}); they come back after the visibility timeout",
        skipped.size(), group, e.getMessage()));
    if (again > 0) {
      feed.groups.metrics.redelivered(group, again);
    }
    if (!out.isEmpty()) {
      consumer.send(out);
    }
  }

  /** Pending entries whose stream entries were trimmed: told to the consumer, and acknowledged. */
  private void reportLost(GroupConsumer consumer, List<String> lost) {
    if (lost.isEmpty()) {
      return;
    }
    if (!consumer.closed) {
      consumer.notice("reset", GroupFrames.trimmed(group, lost));
    }
    LOG.warn("group {}: {} pending entries were trimmed from the stream before they were acknowledged: {}",
        group, lost.size(), lost.size() > 10 ? lost.subList(0, 10) + "..." : lost);
    feed.acks.ack(group, lost);
  }

  private void failed(Throwable cause) {
    if (GroupReader.isError(cause, "NOGROUP")) {
      recreate().onSuccess(v -> wake());
    } else {
      FAILED.log("group {}: reading or redelivering failed ({}); trying again at the next wake-up", group,
          cause.getMessage());
    }
  }

  /**
   * The group is gone (deleted, or Redis restarted without its data): create it again (after the
   * newest entry read for it here, see {@link Groups#restartPoint}), once however many reads
   * found it missing, and log it. A failure is not retried here:
   * the next wake-up or sweep tries again, so this never spins.
   */
  private Future<Void> recreate() {
    if (recreating != null) {
      return recreating;
    }
    String from = feed.groups.restartPoint(group);
    RECREATED.log("consumer group {} of {} is gone (deleted, or Redis restarted without its data): created again, "
        + "delivering what follows {}", group, feed.reader.key(), from.equals("$") ? "the newest entry" : from);
    Future<Void> created = feed.reader.create(group, from);
    if (!created.isComplete()) {
      recreating = created;
      created.onComplete(ar -> recreating = null);
    }
    return created;
  }

  private static List<String> ids(List<StreamEntry> entries) {
    List<String> ids = new ArrayList<>(entries.size());
    for (StreamEntry entry : entries) {
      ids.add(entry.idText());
    }
    return ids;
  }

  List<GroupConsumer> consumers() {
    return consumers;
  }
}
