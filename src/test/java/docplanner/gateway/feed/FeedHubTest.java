package docplanner.gateway.feed;

import docplanner.gateway.event.StreamId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hub's protocol driven by hand, without Redis or an event loop: a fake history whose reads
 * complete when the test says, fake channels that record what they were sent, and a fake tail
 * that records demand. Every interleaving here is one the real tail and Redis can produce.
 */
class FeedHubTest {

  private final FakeHistory history = new FakeHistory();
  private final FakeDemand demand = new FakeDemand();
  private final FeedStats stats = new FeedStats(new SimpleMeterRegistry());
  private final FeedHub hub = new FeedHub(history, 3, Long.MAX_VALUE, stats, demand);

  @Test
  void aSubscriberArrivingBeforeThePositionWaitsForItThenGetsEveryBatchAfterIt() {
    FakeChannel channel = new FakeChannel();
    hub.join(subscriber(channel), new FeedHub.Live());
    assertThat(demand.demanded).containsExactly(hub);
    assertThat(channel.ids()).isEmpty();

    hub.startAt(id(5));
    deliver(batch(6, 7));
    deliver(batch(8));
    assertThat(channel.ids()).containsExactly("6-0", "7-0", "8-0");
    assertThat(history.reads).as("live from the position: no history read").isEmpty();
    assertThat(stats.subscribers("sse")).isEqualTo(1);
  }

  @Test
  void aLiveStartIsTheHubsPositionOrElseTheNewestEntryInRedisNeverTheLocalClock() {
    hub.startAt(id(9));
    assertThat(hub.resolve(new FeedHub.Live()).result()).isEqualTo(new FeedHub.From(id(9)));

    hub.release();
    Future<FeedHub.Start> fromRedis = hub.resolve(new FeedHub.Live());
    history.newest.removeFirst().complete(id(12));
    assertThat(fromRedis.result()).isEqualTo(new FeedHub.From(id(12)));

    Future<FeedHub.Start> redisDown = hub.resolve(new FeedHub.Live());
    assertThat(stats.startingSubscribers()).isEqualTo(1);
    history.newest.removeFirst().fail("connection refused");
    assertThat(redisDown.result()).as("unresolved: it waits for the tail's position").isEqualTo(new FeedHub.Live());
    assertThat(stats.startingSubscribers()).isZero();

    // The tail's position after recovery comes from Redis, whose clock may be far behind ours.
    FakeChannel channel = new FakeChannel();
    hub.join(subscriber(channel), redisDown.result());
    hub.startAt(id(3));
    deliver(batch(4));
    assertThat(channel.ids()).containsExactly("4-0");
  }

  @Test
  void replayHandsOverToLiveWithoutGapOrDuplicateWhileBatchesArrive() {
    hub.startAt(id(3));
    FakeChannel channel = new FakeChannel();
    hub.join(subscriber(channel), new FeedHub.From(id(1)));
    assertThat(history.reads).containsExactly("after 1-0");

    deliver(batch(4, 5)); // the tail moves on while the first page is read
    history.page(2, 3, 4); // a full page (3): read on
    assertThat(history.reads).containsExactly("after 1-0", "after 4-0");
    deliver(batch(6));
    history.page(5); // short, but the tail has handed this instance 6 meanwhile: read once more
    assertThat(history.reads).containsExactly("after 1-0", "after 4-0", "after 5-0");
    history.page(6); // short and nothing beyond: live
    deliver(batch(6, 7)); // overlaps what the replay gave: 6 is not sent twice
    deliver(batch(8));

    assertThat(channel.ids()).containsExactly("2-0", "3-0", "4-0", "5-0", "6-0", "7-0", "8-0");
  }

  @Test
  void theIdleHandshakeGivesUpThePositionOnlyWithoutSubscribers() {
    hub.startAt(id(1));
    FakeChannel channel = new FakeChannel();
    hub.join(subscriber(channel), new FeedHub.Live());
    assertThat(hub.release()).as("a subscriber holds the position").isFalse();

    channel.close();
    assertThat(demand.idled).containsExactly(hub);
    assertThat(stats.subscribers("sse")).isZero();
    assertThat(hub.release()).isTrue();

    // Without a position a new subscriber waits; the tail's next position (it jumped ahead
    // while idle) is where it starts.
    FakeChannel next = new FakeChannel();
    hub.join(subscriber(next), new FeedHub.Live());
    hub.startAt(id(10));
    deliver(batch(11));
    assertThat(next.ids()).containsExactly("11-0");
  }

  @Test
  void aSubscriberThatClosedWhileWaitingIsNeverStarted() {
    FakeChannel channel = new FakeChannel();
    hub.join(subscriber(channel), new FeedHub.From(id(1)));
    channel.close();
    hub.startAt(id(5));
    assertThat(history.reads).isEmpty();
    assertThat(stats.subscribers("sse")).isZero();
  }

  @Test
  void aDeliveryToManySubscribersYieldsWhenItsTurnIsOverAndGoesOnWhereItStopped() {
    hub.startAt(id(0));
    List<FakeChannel> channels = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      FakeChannel channel = new FakeChannel();
      channels.add(channel);
      hub.join(subscriber(channel), new FeedHub.Live());
    }
    hub.dispatch(List.of(batch(1, 2)));
    long past = System.nanoTime() - 1;
    assertThat(hub.deliver(past)).as("the turn is over after a slice of subscribers").isFalse();
    assertThat(channels.stream().filter(c -> !c.sent.isEmpty()).count()).isBetween(1L, 99L);
    int turns = 1;
    while (!hub.deliver(past)) {
      turns++;
    }
    assertThat(turns).isGreaterThan(1);
    assertThat(channels).allSatisfy(c -> assertThat(c.ids()).containsExactly("1-0", "2-0"));
  }

  @Test
  void aSubscriberWithMoreThanItsBufferQueuedIsCutOffAndTheOthersServed() {
    hub.startAt(id(0));
    FakeChannel slow = new FakeChannel();
    FakeChannel fast = new FakeChannel();
    hub.join(subscriber(slow), new FeedHub.Live());
    hub.join(subscriber(fast), new FeedHub.Live());
    slow.full = true;
    deliver(batch(1));
    assertThat(slow.cut).isTrue();
    assertThat(slow.sent).isEmpty();
    assertThat(fast.ids()).containsExactly("1-0");
    assertThat(stats.subscribers("sse")).isEqualTo(1);
  }

  // ---- fakes ----

  private void deliver(TailBatch batch) {
    hub.dispatch(List.of(batch));
    while (!hub.deliver(Long.MAX_VALUE)) {
      // a deadline that never passes: one go
    }
  }

  private static Subscriber subscriber(FakeChannel channel) {
    return new Subscriber(channel, EventFilter.ALL, StreamId.ZERO);
  }

  private static StreamId id(long millis) {
    return new StreamId(millis, 0);
  }

  private static StreamEntry entry(long millis) {
    return StreamEntry.of(millis + "-0", new StreamEntry.Fields("slot-booked", "push", "fp" + millis, "f1", "d1", "",
        Buffer.buffer("{\"name\":\"slot-booked\",\"data\":{},\"created_at\":\"t\"}")));
  }

  private static TailBatch batch(long... millis) {
    return new TailBatch(java.util.Arrays.stream(millis).mapToObj(FeedHubTest::entry).toList(), 0);
  }

  /** History reads that complete when the test answers them, in order. */
  private static final class FakeHistory implements History {
    final List<String> reads = new ArrayList<>();
    final Deque<Promise<List<StreamEntry>>> pages = new ArrayDeque<>();
    final Deque<Promise<StreamId>> newest = new ArrayDeque<>();

    @Override
    public Future<List<StreamEntry>> after(StreamId after, int count) {
      reads.add("after " + after);
      Promise<List<StreamEntry>> page = Promise.promise();
      pages.add(page);
      return page.future();
    }

    void page(long... millis) {
      pages.removeFirst().complete(IntStream.range(0, millis.length).mapToObj(i -> entry(millis[i])).toList());
    }

    @Override
    public Future<StreamReader.ResumePoint> resumePoint(StreamId id) {
      return Future.succeededFuture(new StreamReader.ResumePoint(true, "1-0"));
    }

    @Override
    public Future<StreamId> newest() {
      Promise<StreamId> answer = Promise.promise();
      newest.add(answer);
      return answer.future();
    }
  }

  private static final class FakeDemand implements Demand {
    final List<FeedHub> demanded = new ArrayList<>();
    final List<FeedHub> idled = new ArrayList<>();

    @Override
    public void demand(FeedHub hub) {
      demanded.add(hub);
    }

    @Override
    public void idle(FeedHub hub) {
      idled.add(hub);
    }
  }
}
