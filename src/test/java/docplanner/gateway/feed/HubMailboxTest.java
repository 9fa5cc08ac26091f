package docplanner.gateway.feed;

import docplanner.gateway.event.StreamId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A delivery to many subscribers shares its event loop with the push server and the stream
 * reader: it must let the loop read its sockets between turns, not only run other tasks.
 */
class HubMailboxTest {

  private static final int SUBSCRIBERS = 20_000;

  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aSocketOnTheSameLoopIsReadWhileALongDeliveryIsUnderWay() throws Exception {
    Context loop = vertx.getOrCreateContext();
    AtomicInteger sends = new AtomicInteger();
    AtomicInteger sendsWhenRead = new AtomicInteger(-1);
    NetSocket client = onLoop(loop, () -> {
      NetServer server = vertx.createNetServer()
          .connectHandler(socket -> socket.handler(bytes -> sendsWhenRead.compareAndSet(-1, sends.get())));
      return server.listen(0, "127.0.0.1")
          .compose(listening -> vertx.createNetClient().connect(listening.actualPort(), "127.0.0.1"));
    });

    FeedHub hub = new FeedHub(new NoHistory(), 3, Long.MAX_VALUE, new FeedStats(new SimpleMeterRegistry()),
        new NoDemand());
    HubMailbox mailbox = onLoop(loop, () -> {
      hub.startAt(new StreamId(1, 0));
      for (int i = 0; i < SUBSCRIBERS; i++) {
        hub.join(new Subscriber(new CountingChannel(sends, client), EventFilter.ALL, StreamId.ZERO), new FeedHub.Live());
      }
      return Future.succeededFuture(new HubMailbox(loop, hub, Integer.MAX_VALUE));
    });

    // The first subscriber's write puts bytes on the socket at once; the server's side can only
    // read them when the loop polls its sockets.
    loop.runOnContext(v -> mailbox.post(new TailBatch(List.of(entry(2)), 0)));

    await().atMost(Duration.ofSeconds(30)).until(() -> sends.get() == SUBSCRIBERS && sendsWhenRead.get() >= 0);
    assertThat(sendsWhenRead.get())
        .as("the socket was read between turns of the delivery, not after it")
        .isBetween(1, SUBSCRIBERS - 1);
  }

  private static <T> T onLoop(Context loop, Supplier<Future<T>> work) throws Exception {
    Promise<T> done = Promise.promise();
    loop.runOnContext(v -> work.get().onComplete(done));
    return done.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static StreamEntry entry(long millis) {
    return StreamEntry.of(millis + "-0", new StreamEntry.Fields("slot-booked", "push", "fp" + millis, "f1", "d1", "",
        Buffer.buffer("{\"name\":\"slot-booked\",\"data\":{},\"created_at\":\"t\"}")));
  }

  /** Counts writes; the first also writes a byte to {@code client}. */
  private static final class CountingChannel extends FakeChannel {
    private final AtomicInteger sends;
    private final NetSocket client;

    CountingChannel(AtomicInteger sends, NetSocket client) {
      this.sends = sends;
      this.client = client;
    }

    @Override
    public Future<Void> send(List<EncodedEvent> events) {
      if (sends.incrementAndGet() == 1) {
        client.write(Buffer.buffer("x"));
      }
      return Future.succeededFuture();
    }
  }

  private static final class NoHistory implements History {
    @Override
    public Future<List<StreamEntry>> after(StreamId after, int count) {
      return Future.succeededFuture(List.of());
    }

    @Override
    public Future<StreamReader.ResumePoint> resumePoint(StreamId id) {
      return Future.succeededFuture(new StreamReader.ResumePoint(true, "1-0"));
    }

    @Override
    public Future<StreamId> newest() {
      return Future.succeededFuture(new StreamId(1, 0));
    }
  }

  private static final class NoDemand implements Demand {
    @Override
    public void demand(FeedHub hub) {
    }

    @Override
    public void idle(FeedHub hub) {
    }
  }
}
