package docplanner.gateway.support.faults;

import docplanner.gateway.e2e.FeedSubscriber;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a fault must never do, checked after the fact: it records every push attempt with its
 * answer and reads what every subscriber received, then compares both with the stream as Redis
 * holds it at the end.
 *
 * <ul>
 *   <li>every event acknowledged with a 2xx is in the stream exactly once, under the id it was
 *       acknowledged with (anything else is <em>lost</em>);</li>
 *   <li>an event never acknowledged is absent or present once (more is <em>duplicated</em>);</li>
 *   <li>every subscriber saw every entry of the stream once, in stream order, across its
 *       reconnects (a missing one is lost, a repeat duplicated, anything out of order disorder).</li>
 * </ul>
 *
 * {@link #result} computes the summary line of the fault and every breach, with the details.
 */
public final class InvariantChecker {

  /** The events of the load carry their number in their booking id: {@code "e2e-<run>-<n>"}. */
  private static final Pattern EVENT_NUMBER = Pattern.compile("\"e2e-\\d+-(\\d+)\"");

  /** One stream entry: its id and the event number in its notification (-1 when none). */
  public record Entry(String id, int event) {
    public static Entry of(String id, String notification) {
      Matcher m = EVENT_NUMBER.matcher(notification);
      return new Entry(id, m.find() ? Integer.parseInt(m.group(1)) : -1);
    }
  }

  /** The numbers a summary line and the assertions are made of. */
  public record Result(String fault, long sent, long acked, long refused, long lost, long duplicated, long disorder,
                       long reconnects, long maxHeapMb, long p99AckMsDuringFault, List<String> problems) {
    public String line() {
      return "fault=" + fault + " sent=" + sent + " acked=" + acked + " refused=" + refused + " lost=" + lost
          + " duplicated=" + duplicated + " reconnects=" + reconnects + " max_heap_mb=" + maxHeapMb
          + " p99_ack_ms_during_fault=" + p99AckMsDuringFault;
    }
  }

  private record Attempt(int event, int status, String id, long startNanos, long tookNanos) {
  }

  private final String fault;
  private final ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
  private final AtomicLong maxHeapBytes = new AtomicLong();
  private volatile long faultStart = Long.MAX_VALUE;
  private volatile long faultEnd = Long.MAX_VALUE;

  public InvariantChecker(String fault) {
    this.fault = fault;
  }

  public String fault() {
    return fault;
  }

  /** One push attempt: status 0 when the connection broke; the stream id of a 2xx (null when the source has none to give). */
  public void pushed(int event, int status, String id, long startNanos, long tookNanos) {
    attempts.add(new Attempt(event, status, id, startNanos, tookNanos));
  }

  public void faultStarts() {
    faultStart = System.nanoTime();
  }

  public void faultEnds() {
    faultEnd = System.nanoTime();
  }

  public void heapSample(long usedBytes) {
    maxHeapBytes.accumulateAndGet(usedBytes, Math::max);
  }

  public long refusedSoFar() {
    return attempts.stream().filter(a -> a.status / 100 != 2).count();
  }

  public long ackedSoFar() {
    return attempts.stream().filter(a -> a.status / 100 == 2).count();
  }

  /** Pushes answered 2xx since the fault started (how much got through while it lasted). */
  public long ackedSinceFault() {
    long start = faultStart;
    return attempts.stream().filter(a -> a.status / 100 == 2 && a.startNanos >= start).count();
  }

  /** Compares pushes, subscribers and the final stream. */
  public Result result(List<Entry> stream, Collection<? extends FeedSubscriber> subscribers) {
    List<String> problems = new ArrayList<>();
    Map<Integer, Integer> copies = new HashMap<>();
    Map<Integer, String> idOf = new HashMap<>();
    List<String> streamIds = new ArrayList<>(stream.size());
    for (Entry e : stream) {
      streamIds.add(e.id());
      if (e.event() >= 0) {
        copies.merge(e.event(), 1, Integer::sum);
        idOf.putIfAbsent(e.event(), e.id());
      }
    }
    Map<Integer, String> ackedIds = new HashMap<>();
    long refused = 0;
    for (Attempt a : attempts) {
      if (a.status / 100 == 2) {
        boolean first = !ackedIds.containsKey(a.event);
        String before = ackedIds.put(a.event, a.id);
        if (!first && before != null && !before.equals(a.id)) {
          problems.add("event " + a.event + " acknowledged as " + before + " and as " + a.id);
        }
      } else {
        refused++;
      }
    }
    long lost = 0;
    for (Map.Entry<Integer, String> acked : ackedIds.entrySet()) {
      String stored = idOf.get(acked.getKey());
      if (stored == null) {
        lost++;
        problems.add("acknowledged event " + acked.getKey() + " (" + acked.getValue() + ") is not in the stream");
      } else if (acked.getValue() != null && !stored.equals(acked.getValue())) {
        lost++;
        problems.add("event " + acked.getKey() + " acknowledged as " + acked.getValue() + " but stored as " + stored);
      }
    }
    long duplicated = 0;
    for (Map.Entry<Integer, Integer> c : copies.entrySet()) {
      if (c.getValue() > 1) {
        duplicated += c.getValue() - 1;
        problems.add("event " + c.getKey() + " is in the stream " + c.getValue() + " times");
      }
    }
    long disorder = 0;
    long reconnects = 0;
    for (FeedSubscriber s : subscribers) {
      List<String> got = s.ids();
      Set<String> gotSet = new HashSet<>(got);
      long missing = streamIds.stream().filter(id -> !gotSet.contains(id)).count();
      lost += missing;
      duplicated += s.duplicates;
      // Entries the subscriber received that the stream no longer has: only a failover of an
      // asynchronously replicated primary takes entries back (FaultLoad#finishAcceptingFailoverLoss).
      Set<String> inStream = new HashSet<>(streamIds);
      List<String> kept = got.stream().filter(inStream::contains).toList();
      long notInStream = got.size() - kept.size();
      long outOfOrder = s.disorder;
      if (outOfOrder == 0 && missing == 0 && !kept.equals(streamIds.subList(0, Math.min(kept.size(), streamIds.size())))) {
        outOfOrder++;
      }
      disorder += outOfOrder;
      reconnects += Math.max(0, s.connections.get() - 1);
      if (missing + s.duplicates + outOfOrder + notInStream > 0) {
        problems.add(s.protocol() + " subscriber " + s.name + ": missing=" + missing + " duplicates=" + s.duplicates
            + " disorder=" + outOfOrder + " not_in_stream=" + notInStream + " (got " + got.size() + " of "
            + streamIds.size() + ")");
      }
    }
    Result result = new Result(fault, attempts.size(), ackedIds.size(), refused, lost, duplicated, disorder, reconnects,
        maxHeapBytes.get() / (1024 * 1024), p99AnswerMsDuringFault(), problems);
    return result;
  }

  /**
   * The 99th percentile of the time a pusher waited for its answer (whatever it was) for the
   * pushes sent while the fault lasted: how long Docplanner is kept waiting by the fault.
   */
  private long p99AnswerMsDuringFault() {
    long start = faultStart;
    long end = faultEnd == Long.MAX_VALUE ? System.nanoTime() : faultEnd;
    List<Long> took = new ArrayList<>();
    for (Attempt a : attempts) {
      if (a.startNanos >= start && a.startNanos <= end) {
        took.add(a.tookNanos);
      }
    }
    if (took.isEmpty()) {
      return 0;
    }
    took.sort(null);
    return took.get((int) Math.min(took.size() - 1, Math.ceil(took.size() * 0.99) - 1)) / 1_000_000;
  }

}
