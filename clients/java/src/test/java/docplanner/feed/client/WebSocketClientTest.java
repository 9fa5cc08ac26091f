package docplanner.feed.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static docplanner.feed.client.FakeFeed.envelope;
import static docplanner.feed.client.FakeFeed.take;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client over WebSocket against a fake {@code /events/ws}: messages, ack and nack frames, reconnection after a close. */
class WebSocketClientTest {

  FakeWebSocketFeed feed;
  FeedClient client;
  final BlockingQueue<FeedEvent> events = new LinkedBlockingQueue<>();
  final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() throws Exception {
    feed = new FakeWebSocketFeed();
  }

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    feed.close();
  }

  @Test
  void groupDeliveriesAreSettledWithFramesOnTheSocket() throws Exception {
    client = FeedClient.builder(feed.url()).transport(Transport.WEBSOCKET).group("billing").consumer("r1")
        .onError(errors::add).start((event, ack) -> {
          events.add(event);
          if (event.deliveries() > 1) {
            throw new IllegalStateException("not again");
          }
        });
    feed.awaitConnection()
        .send("{\"type\":\"subscribed\",\"group\":\"billing\",\"consumer\":\"r1\"}")
        .send(envelope("1-0", "slot-booked", ",\"group\":\"billing\",\"deliveries\":1"))
        .send(envelope("2-0", "slot-booked", ",\"group\":\"billing\",\"deliveries\":2"))
        .send("{\"type\":\"error\",\"detail\":\"unknown frame\"}");

    assertEquals("/events/ws?consumer=r1&group=billing", FeedClientTest.pathAndQuery(take(feed.subscriptions)));
    assertEquals("1-0", take(events).id());
    assertEquals("{\"ack\":\"1-0\"}", take(feed.frames));
    assertEquals("2-0", take(events).id());
    assertEquals("{\"nack\":\"2-0\"}", take(feed.frames));
    assertTrue(take(errors).getMessage().contains("not again"));
    assertTrue(take(errors).getMessage().contains("unknown frame"));
  }

  @Test
  void aCloseFromTheGatewayIsFollowedByAResumingReconnection() throws Exception {
    client = FeedClient.builder(feed.url()).transport(Transport.WEBSOCKET).backoff(Duration.ofMillis(10), Duration.ofMillis(50))
        .onError(errors::add).start((event, ack) -> events.add(event));
    feed.awaitConnection().send(envelope("1-0", "slot-booked", "")).send(envelope("2-0", "break-moved", ""));
    assertEquals("1-0", take(events).id());
    assertEquals("2-0", take(events).id());
    feed.closeWith(1012);

    feed.awaitConnection().send(envelope("3-0", "slot-booked", ""));
    assertEquals("3-0", take(events).id());
    assertEquals("/events/ws", FeedClientTest.pathAndQuery(take(feed.subscriptions)));
    assertEquals("/events/ws?since=2-0", FeedClientTest.pathAndQuery(take(feed.subscriptions)));
    assertTrue(take(errors).getMessage().contains("1012"));
    assertNull(feed.frames.poll(100, TimeUnit.MILLISECONDS), "a broadcast subscriber sends nothing");
  }
}
