package docplanner.feed.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static docplanner.feed.client.FakeFeed.event;
import static docplanner.feed.client.FakeFeed.take;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client over SSE against a fake feed port: delivery, resume, resets, acks, reconnects. */
class FeedClientTest {

  FakeFeed feed;
  FeedClient client;
  final BlockingQueue<FeedEvent> events = new LinkedBlockingQueue<>();
  final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() throws Exception {
    feed = new FakeFeed();
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    feed.close();
  }

  FeedClient.Builder builder() {
    return FeedClient.builder(feed.url()).backoff(Duration.ofMillis(10), Duration.ofMillis(50)).onError(errors::add);
  }

  @Test
  void deliversEnvelopesInOrderWithTypedAccessorsAndSurvivesUnknownNames() throws Exception {
    feed.thenStayOpen("retry: 2000\n: docplanner-gateway feed\n\n"
        + event("1-0", "slot-booked", ",\"verdict\":\"approved\",\"verdict_by\":\"policy\"")
        + ":\n\n"
        + event("2-0", "a-name-from-2030"));
    client = builder().fromBeginning().start((event, ack) -> events.add(event));

    FeedEvent first = take(events);
    assertEquals("1-0", first.id());
    assertEquals(EventName.SLOT_BOOKED, first.eventName());
    assertEquals("push", first.source());
    assertEquals(Instant.parse("2026-11-28T04:16:13.028Z"), first.receivedAt());
    assertEquals("8b67", first.fingerprint());
    assertEquals(Optional.of("approved"), first.verdict());
    assertEquals(Optional.of("policy"), first.verdictBy());
    assertEquals(Optional.empty(), first.group());
    assertEquals(1, first.deliveries());
    assertEquals(Optional.of("1"), first.facilityId());
    assertEquals(Optional.of("123"), first.doctorId());
    assertEquals(Optional.of("50.10"), first.dataText("visit_booking", "price"));
    assertTrue(first.notificationJson().startsWith("{\"name\":\"slot-booked\",\"data\":{"), first.notificationJson());
    assertTrue(first.notificationJson().contains("\"price\":50.10}"), "numbers as sent");

    FeedEvent unknown = take(events);
    assertEquals(EventName.UNKNOWN, unknown.eventName());
    assertEquals("a-name-from-2030", unknown.name());
    assertEquals("/events?since=0", pathAndQuery(feed.nextSubscription()));
  }

  @Test
  void resumesAfterTheLastHandledIdWhenTheStreamEnds() throws Exception {
    CheckpointStore checkpoints = CheckpointStore.inMemory();
    feed.thenEnd(event("1-0", "slot-booked") + event("2-0", "booking-canceled"))
        .thenStayOpen(event("3-0", "break-created"));
    client = builder().checkpoints(checkpoints).names(EventName.SLOT_BOOKED, EventName.BOOKING_CANCELED, EventName.BREAK_CREATED)
        .facility("1").start((event, ack) -> events.add(event));

    assertEquals(List.of("1-0", "2-0", "3-0"), List.of(take(events).id(), take(events).id(), take(events).id()));
    assertEquals("/events?facility=1&names=slot-booked,booking-canceled,break-created", pathAndQuery(feed.nextSubscription()));
    assertEquals("/events?facility=1&names=slot-booked,booking-canceled,break-created&since=2-0",
        pathAndQuery(feed.nextSubscription()));
    // saved once the handler has returned, which is after the test saw the event
    await().atMost(Duration.ofSeconds(5)).until(checkpoints::load, Optional.of("3-0")::equals);
    assertTrue(take(errors).getMessage().startsWith("feed ended; reconnecting in "));
  }

  @Test
  void aHandlerThatThrowsOnABroadcastEventGetsItAgainFromTheLastCheckpoint() throws Exception {
    feed.thenEnd(event("1-0", "slot-booked") + event("2-0", "slot-booked") + event("3-0", "slot-booked"))
        .thenStayOpen(event("2-0", "slot-booked") + event("3-0", "slot-booked"));
    boolean[] failedOnce = {false};
    client = builder().start((event, ack) -> {
      if (event.id().equals("2-0") && !failedOnce[0]) {
        failedOnce[0] = true;
        throw new IllegalStateException("database down");
      }
      events.add(event);
    });

    assertEquals(List.of("1-0", "2-0", "3-0"), List.of(take(events).id(), take(events).id(), take(events).id()));
    feed.nextSubscription();
    assertTrue(feed.nextSubscription().getQuery().contains("since=1-0"));
    Throwable failure = take(errors);
    assertTrue(failure.getMessage().contains("database down"), failure.getMessage());
  }

  @Test
  void aResetIsHandedToTheCallerAndTheEventsThatFollowStillArrive() throws Exception {
    feed.thenStayOpen("event: reset\ndata: {\"type\":\"reset\",\"requested\":\"5-0\",\"oldest\":\"7-0\",\"reason\":\"trimmed\"}\n\n"
        + event("7-0", "slot-booked"));
    BlockingQueue<Reset> resets = new LinkedBlockingQueue<>();
    client = builder().checkpoints(checkpointAt("5-0")).onReset(resets::add).start((event, ack) -> events.add(event));

    Reset reset = take(resets);
    assertEquals("trimmed", reset.reason());
    assertEquals(Optional.of("5-0"), reset.requested());
    assertEquals(Optional.of("7-0"), reset.oldest());
    assertEquals("7-0", take(events).id());
    assertEquals("since=5-0", feed.nextSubscription().getQuery());
  }

  @Test
  void groupDeliveriesAreAckedAfterTheHandlerReturnsAndNackedWhenItThrows() throws Exception {
    feed.thenEnd("event: subscribed\ndata: {\"type\":\"subscribed\",\"group\":\"billing\",\"consumer\":\"c-abc123\"}\n\n"
            + event("1-0", "slot-booked", ",\"group\":\"billing\",\"deliveries\":1")
            + event("2-0", "poison", ",\"group\":\"billing\",\"deliveries\":3"))
        .thenStayOpen("event: reset\ndata: {\"type\":\"reset\",\"reason\":\"trimmed\",\"group\":\"billing\",\"lost\":[\"0-1\",\"0-2\"]}\n\n");
    BlockingQueue<Reset> resets = new LinkedBlockingQueue<>();
    BlockingQueue<String> consumers = new LinkedBlockingQueue<>();
    client = builder().group("billing").onSubscribed(consumers::add).onReset(resets::add).start((event, ack) -> {
      events.add(event);
      if (event.name().equals("poison")) {
        throw new IllegalArgumentException("cannot handle it");
      }
    });

    assertEquals("c-abc123", take(consumers));
    assertEquals(1, take(events).deliveries());
    FeedEvent poison = take(events);
    assertEquals(3, poison.deliveries());
    assertEquals(Optional.of("billing"), poison.group());
    assertEquals("{\"group\":\"billing\",\"consumer\":\"c-abc123\",\"ids\":[\"1-0\"]}", take(feed.acks));
    assertEquals("{\"group\":\"billing\",\"consumer\":\"c-abc123\",\"ids\":[\"2-0\"]}", take(feed.nacks));
    assertNull(feed.acks.poll(200, TimeUnit.MILLISECONDS), "a nacked event is not acked too");

    assertEquals("group=billing", feed.nextSubscription().getQuery());
    assertEquals("consumer=c-abc123&group=billing", feed.nextSubscription().getQuery(), "the same consumer: its pending events come back");
    Reset lost = take(resets);
    assertEquals(List.of("0-1", "0-2"), lost.lost());
    assertEquals(2, lost.lostCount());
    assertEquals(Optional.of("billing"), lost.group());
    assertEquals(Optional.of("c-abc123"), client.consumer());
  }

  @Test
  void manualAcksAreSentWhenTheHandlerSaysAndOnlyOnce() throws Exception {
    feed.thenStayOpen(event("1-0", "slot-booked", ",\"group\":\"g\",\"deliveries\":1"));
    BlockingQueue<Ack> handles = new LinkedBlockingQueue<>();
    client = builder().group("g").consumer("replica-1").ackMode(AckMode.MANUAL).startFrom("0")
        .start((event, ack) -> handles.add(ack));

    Ack ack = take(handles);
    assertNull(feed.acks.poll(200, TimeUnit.MILLISECONDS), "nothing acked before the handler says so");
    assertFalse(ack.settled());
    ack.ack();
    ack.ack();
    ack.nack();
    assertTrue(ack.settled());
    assertEquals("{\"group\":\"g\",\"consumer\":\"replica-1\",\"ids\":[\"1-0\"]}", take(feed.acks));
    assertNull(feed.acks.poll(200, TimeUnit.MILLISECONDS));
    assertTrue(feed.nacks.isEmpty());
    assertEquals("consumer=replica-1&group=g&since=0", feed.nextSubscription().getQuery());
  }

  @Test
  void aRefusedSubscriptionIsReportedAndRetried() throws Exception {
    feed.thenRefuse(401, "{\"type\":\"about:blank\",\"title\":\"Unauthorized\"}").thenStayOpen(event("1-0", "slot-booked"));
    client = builder().token("secret").start((event, ack) -> events.add(event));

    assertEquals("1-0", take(events).id());
    assertTrue(take(errors).getMessage().contains("answered 401"));
  }

  @Test
  void aConnectionSilentForTheIdleTimeoutIsReplaced() throws Exception {
    feed.thenStayOpen(event("1-0", "slot-booked")).thenStayOpen(event("2-0", "slot-booked"));
    client = builder().idleTimeout(Duration.ofMillis(300)).start((event, ack) -> events.add(event));

    assertEquals("1-0", take(events).id());
    assertEquals("2-0", take(events).id());
    assertEquals("/events", pathAndQuery(feed.nextSubscription()));
    assertEquals("/events?since=1-0", pathAndQuery(feed.nextSubscription()));
    assertTrue(take(errors).getMessage().contains("nothing received for"));
  }

  @Test
  void aConsumerNeedsAGroupAndNamesAreChecked() {
    assertThrows(IllegalStateException.class, () -> FeedClient.builder(feed.url()).consumer("c").start((e, a) -> { }));
    assertThrows(IllegalArgumentException.class, () -> FeedClient.builder(feed.url()).group("no spaces"));
    assertThrows(IllegalArgumentException.class, () -> FeedClient.builder("ftp://x"));
  }

  static String pathAndQuery(URI uri) {
    return uri.getPath() + (uri.getQuery() == null ? "" : "?" + uri.getQuery());
  }

  static CheckpointStore checkpointAt(String id) {
    CheckpointStore store = CheckpointStore.inMemory();
    try {
      store.save(id);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return store;
  }
}
