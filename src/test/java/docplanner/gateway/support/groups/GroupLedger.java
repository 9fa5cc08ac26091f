package docplanner.gateway.support.groups;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the consumers of one group did, recorded as they do it, for the verdict at the end of a
 * group test: every delivery (consumer, stream id, the envelope's {@code deliveries}) and every
 * <em>completed</em> acknowledgement.
 *
 * <p>An acknowledgement is completed when the client knows it reached the server: for
 * {@code POST /events/ack}, the {@code 200} answer (the gateway answers once Redis acknowledged);
 * for a WebSocket {@code {"ack":…}} frame, once the frame is written (the protocol has no
 * receipt, so WebSocket consumers are only used where their connection and their gateway stay up).
 * An acknowledgement that failed (a broken connection, a 5xx while Redis is down) is not completed:
 * the event stays pending and its redelivery is legitimate.
 *
 * <p>Definitions used in every summary line:
 * <ul>
 *   <li><b>redeliveries</b>: deliveries of an id after its first one, in the whole group;</li>
 *   <li><b>acked twice</b>: an id delivered again <em>after</em> an acknowledgement of it had
 *       completed, and then processed and acknowledged again by a client: a duplicate that a
 *       service would have handled twice although it had told the gateway it was done. Two
 *       consumers holding the same id at once (a redelivery after the visibility timeout while the
 *       first one was still processing) is at-least-once delivery working as designed, not this;</li>
 *   <li><b>lost</b>: an id of the stream (that the group had to see) that no consumer ever
 *       completed an acknowledgement for.</li>
 * </ul>
 */
public final class GroupLedger {

  /** One delivery to one consumer. */
  public record Delivery(String consumer, String id, int deliveries) {
  }

  private final List<Delivery> deliveries = new ArrayList<>();
  private final Map<String, Integer> deliveriesOf = new HashMap<>();
  /** id → the consumer whose acknowledgement of it completed first. */
  private final Map<String, String> ackedBy = new LinkedHashMap<>();
  /** ids delivered again after their acknowledgement completed, not yet acknowledged again. */
  private final Set<String> deliveredAfterAck = new HashSet<>();
  private final Set<String> ackedTwice = new HashSet<>();
  private final List<String> envelopeErrors = new ArrayList<>();

  public synchronized void delivered(String consumer, String id, int deliveryCount) {
    deliveries.add(new Delivery(consumer, id, deliveryCount));
    deliveriesOf.merge(id, 1, Integer::sum);
    if (ackedBy.containsKey(id)) {
      deliveredAfterAck.add(id);
    }
  }

  public synchronized void acked(String consumer, String id) {
    if (ackedBy.putIfAbsent(id, consumer) != null && deliveredAfterAck.remove(id)) {
      ackedTwice.add(id);
    }
  }

  /** An envelope that breaks the contract (wrong group, missing {@code deliveries}): a test fails on any. */
  public synchronized void contractBreach(String what) {
    envelopeErrors.add(what);
  }

  public synchronized List<String> contractBreaches() {
    return List.copyOf(envelopeErrors);
  }

  public synchronized boolean isAcked(String id) {
    return ackedBy.containsKey(id);
  }

  public synchronized int ackedCount() {
    return ackedBy.size();
  }

  public synchronized boolean allAcked(Collection<String> ids) {
    return ackedBy.keySet().containsAll(ids);
  }

  public synchronized List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  /** Deliveries of an id after its first one. */
  public synchronized long redeliveries() {
    return deliveriesOf.values().stream().mapToLong(n -> n - 1).sum();
  }

  /** Deliveries whose envelope said {@code deliveries > 1}. */
  public synchronized long redeliveredEnvelopes() {
    return deliveries.stream().filter(d -> d.deliveries() > 1).count();
  }

  public synchronized Set<String> ackedTwice() {
    return Set.copyOf(ackedTwice);
  }

  /** The ids of {@code expected} no consumer completed an acknowledgement for. */
  public synchronized List<String> missing(Collection<String> expected) {
    return expected.stream().filter(id -> !ackedBy.containsKey(id)).toList();
  }

  /** How many of {@code ids} each consumer acknowledged first, by consumer name. */
  public synchronized Map<String, Integer> acksByConsumer(Collection<String> ids) {
    Map<String, Integer> out = new java.util.TreeMap<>();
    for (String id : ids) {
      String consumer = ackedBy.get(id);
      if (consumer != null) {
        out.merge(consumer, 1, Integer::sum);
      }
    }
    return out;
  }

  /** The ids a consumer received, in order (with repeats). */
  public synchronized List<String> receivedBy(String consumer) {
    return deliveries.stream().filter(d -> d.consumer().equals(consumer)).map(Delivery::id).toList();
  }

  /** The consumer that acknowledged {@code id} first, or null. */
  public synchronized String ackedBy(String id) {
    return ackedBy.get(id);
  }
}
