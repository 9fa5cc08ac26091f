import docplanner.feed.client.EventName;
import docplanner.feed.client.FeedClient;
import docplanner.feed.client.Transport;

import java.util.concurrent.CountDownLatch;

/**
 * One replica of an internal service in a consumer group, with the subscriber kit of
 * clients/java (build it with `mvn -f clients/java/pom.xml package`, then
 * `java -cp clients/java/target/docplanner-feed-client-1.0.0-SNAPSHOT.jar examples/java/GroupConsumer.java`).
 *
 * Start it several times with the same GROUP: each event is handled by one of them. Returning from
 * the handler acknowledges the event; throwing hands it back to the group (it comes again,
 * `deliveries` counts). A replica that stops with events unacknowledged and comes back under the
 * same CONSUMER name gets those first; if it never comes back, the group gives them to another
 * replica after groups.visibility-timeout.
 *
 * Environment: FEED_URL (default http://localhost:8081), GROUP (default billing), CONSUMER
 * (default: a name the gateway generates), TRANSPORT (sse or websocket, default sse),
 * FEED_TOKEN, MAX_EVENTS (stop after that many; default: run until killed).
 */
public class GroupConsumer {

  public static void main(String[] args) throws Exception {
    long max = Long.parseLong(env("MAX_EVENTS", "-1"));
    CountDownLatch done = new CountDownLatch(max < 0 ? 1 : (int) max);
    FeedClient.Builder feed = FeedClient.builder(env("FEED_URL", "http://localhost:8081"))
        .transport(Transport.valueOf(env("TRANSPORT", "sse").toUpperCase()))
        .group(env("GROUP", "billing"))
        .token(env("FEED_TOKEN", ""))
        .onSubscribed(consumer -> System.err.println("subscribed as " + consumer))
        .onReset(reset -> System.err.println("lost before acknowledged: " + reset.lostCount() + " events " + reset.lost()));
    if (!env("CONSUMER", "").isEmpty()) {
      feed.consumer(env("CONSUMER", ""));
    }
    try (FeedClient client = feed.start((event, ack) -> {
      if (event.eventName() == EventName.SLOT_BOOKED) {
        String visit = event.dataText("visit_booking", "id").orElse("?");
        // book the visit in your system here (idempotently: a redelivery has the same event.id())
        System.out.println("handled " + event.id() + " " + event.name() + " visit " + visit
            + " deliveries=" + event.deliveries());
      } else {
        System.out.println("handled " + event.id() + " " + event.name() + " deliveries=" + event.deliveries());
      }
      done.countDown();
    })) {
      done.await();
    }
  }

  static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isEmpty() ? fallback : value;
  }
}
