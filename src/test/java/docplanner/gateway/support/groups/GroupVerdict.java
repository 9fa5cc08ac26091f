package docplanner.gateway.support.groups;

import docplanner.gateway.support.RedisCommands;
import docplanner.gateway.support.faults.FaultLoad;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The end of every group test: the {@link GroupLedger} against what Redis holds (the group's
 * pending list, its dead letters), one summary line printed and appended to
 * {@code target/fault-summaries.txt} beside the fault suite's, and the assertions.
 */
public final class GroupVerdict {

  public static final String STREAM = "docplanner:events";

  private final String scenario;
  private final int redisPort;
  private final String group;
  private final GroupLedger ledger;
  private final List<String> expected;

  /** {@code expected}: the stream ids the group had to see, each acknowledged once. */
  public GroupVerdict(String scenario, int redisPort, String group, GroupLedger ledger, Collection<String> expected) {
    this.scenario = scenario;
    this.redisPort = redisPort;
    this.group = group;
    this.ledger = ledger;
    this.expected = List.copyOf(expected);
  }

  /** The group's pending entries, as XPENDING counts them. */
  public static long pending(int redisPort, String group) {
    Object summary = RedisCommands.value("127.0.0.1", redisPort, "XPENDING", STREAM, group);
    if (!(summary instanceof List<?> list)) {
      throw new AssertionError("XPENDING " + STREAM + " " + group + " answered " + summary);
    }
    return ((Number) list.get(0)).longValue();
  }

  /**
   * Waits (up to 10 s) for the group's pending list to empty: WebSocket acknowledgements are
   * written before the gateway applied them. The verdict reports what is still pending after it.
   */
  public static void awaitNothingPending(int redisPort, String group) {
    try {
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> pending(redisPort, group) == 0);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      // reported and asserted by check()
    }
  }

  /** Entries in the group's dead-letter stream. */
  public static long deadLetters(int redisPort, String group) {
    return ((Number) RedisCommands.value("127.0.0.1", redisPort, "XLEN", deadLetterKey(group))).longValue();
  }

  public static String deadLetterKey(String group) {
    return "{" + STREAM + "}:dead:" + group;
  }

  /** Prints and records the summary line ({@code extra}: more key=value pairs), then asserts. */
  public void check(int consumers, int replicas, String extra) {
    List<String> missing = ledger.missing(expected);
    long pending = pending(redisPort, group);
    long dead = deadLetters(redisPort, group);
    Map<String, Integer> acks = ledger.acksByConsumer(expected);
    String shares = acks.entrySet().stream()
        .map(e -> e.getKey() + ":" + String.format(java.util.Locale.ROOT, "%.1f%%", 100.0 * e.getValue() / Math.max(1, expected.size())))
        .collect(Collectors.joining(",", "[", "]"));
    String line = "groups: events=" + expected.size() + " consumers=" + consumers + " replicas=" + replicas
        + " shares=" + shares + " redeliveries=" + ledger.redeliveries() + " lost=" + missing.size()
        + " acked_twice=" + ledger.ackedTwice().size() + " scenario=" + scenario + " pending=" + pending
        + " dead_lettered=" + dead + (extra.isEmpty() ? "" : " " + extra);
    FaultLoad.report(line);
    assertThat(ledger.contractBreaches()).as("envelopes and notices as the protocol says").isEmpty();
    assertThat(missing).as("lost: stream ids no consumer of %s acknowledged (%s)", group, line).isEmpty();
    assertThat(ledger.ackedTwice()).as("acked twice (%s)", line).isEmpty();
    assertThat(pending).as("XPENDING of %s once everything is acknowledged", group).isZero();
  }

  /** The share of the expected events each named consumer acknowledged first, in [0, 1]. */
  public double share(String consumer) {
    return ledger.acksByConsumer(expected).getOrDefault(consumer, 0) / (double) Math.max(1, expected.size());
  }
}
