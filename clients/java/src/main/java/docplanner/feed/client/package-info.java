/**
 * A subscriber kit for the docplanner-gateway feed, on the JDK alone ({@code java.net.http}).
 *
 * <p>Broadcast: every event, resumed after the last one handled, across reconnects and restarts
 * (the id is kept in a file):
 * <pre>{@code
 * FeedClient feed = FeedClient.builder("http://gateway:8081")
 *     .checkpoints(CheckpointStore.file(Path.of("last-event-id")))
 *     .fromBeginning()                                  // when the file is empty: all that is retained
 *     .names(EventName.SLOT_BOOKED, EventName.BOOKING_CANCELED)
 *     .onReset(reset -> reconcile(reset.reason()))      // the id was trimmed: some events are gone
 *     .start((event, ack) -> {
 *       switch (event.eventName()) {
 *         case SLOT_BOOKED -> book(event.dataText("visit_booking", "id").orElseThrow(), event.notificationJson());
 *         case BOOKING_CANCELED -> cancel(event.dataText("visit_booking", "id").orElseThrow());
 *         default -> { }                                 // UNKNOWN: a name newer than this client
 *       }
 *     });                                               // returns at once; events arrive on the client's thread
 * ...
 * feed.close();
 * }</pre>
 *
 * <p>Consumer group: each replica of a service starts the same code with its own consumer name;
 * each event goes to one of them. Returning acknowledges, throwing nacks (the event is delivered
 * again, {@link docplanner.feed.client.FeedEvent#deliveries()} counts):
 * <pre>{@code
 * FeedClient feed = FeedClient.builder("http://gateway:8081")
 *     .transport(Transport.WEBSOCKET)
 *     .group("billing")
 *     .consumer(System.getenv("HOSTNAME"))               // optional: the gateway generates one
 *     .start((event, ack) -> charge(event));
 * }</pre>
 * With {@code .ackMode(AckMode.MANUAL)} the handler acknowledges itself, later or from another
 * thread: {@code ack.ack()} or {@code ack.nack()}.
 *
 * <p>What the client does for you:
 * <ul>
 *   <li>reconnects after an exponential, jittered delay ({@code backoff}), and when nothing (not
 *   even a heartbeat) arrived for {@code idleTimeout};</li>
 *   <li>resumes: {@code since=<checkpoint>} on broadcast; the same consumer name in a group, whose
 *   pending events the gateway delivers first;</li>
 *   <li>reports {@link docplanner.feed.client.Reset}s to {@code onReset} and every failure it
 *   recovers from to {@code onError}; an event it cannot parse is reported and skipped;</li>
 *   <li>never fails on a notification name it does not know ({@link docplanner.feed.client.EventName#UNKNOWN}).</li>
 * </ul>
 * Delivery is at least once: an event handled just before a crash, whose checkpoint or ack was not
 * written, comes again. Make handlers idempotent on {@link docplanner.feed.client.FeedEvent#id()}
 * (or on the booking id).
 */
package docplanner.feed.client;
