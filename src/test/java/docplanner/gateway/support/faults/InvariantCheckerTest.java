package docplanner.gateway.support.faults;

import docplanner.gateway.e2e.FeedSubscriber;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The checker itself: it must see every kind of breach, or a green fault test proves nothing. */
class InvariantCheckerTest {

  private static final List<InvariantChecker.Entry> STREAM = List.of(
      entry("1-0", 0), entry("2-0", 1), entry("3-0", 2));

  @Test
  void aCleanRunHasNothingLostDuplicatedOrOutOfOrder() {
    InvariantChecker checker = new InvariantChecker("clean");
    checker.pushed(0, 200, "1-0", 0, 1);
    checker.pushed(1, 503, null, 0, 1);
    checker.pushed(1, 200, "2-0", 0, 1);
    checker.pushed(2, 200, "3-0", 0, 1);
    InvariantChecker.Result result = checker.result(STREAM, List.of(subscriber("1-0", "2-0", "3-0")));
    assertThat(result.line()).startsWith("fault=clean sent=4 acked=3 refused=1 lost=0 duplicated=0 reconnects=0");
    assertThat(result.problems()).isEmpty();
  }

  @Test
  void anAcknowledgedEventMissingFromTheStreamOrStoredUnderAnotherIdIsLost() {
    InvariantChecker checker = new InvariantChecker("lost");
    checker.pushed(0, 200, "1-0", 0, 1);
    checker.pushed(1, 200, "9-0", 0, 1);
    checker.pushed(7, 200, "8-0", 0, 1);
    assertThat(checker.result(STREAM, List.of()).lost()).isEqualTo(2);
  }

  @Test
  void anEventStoredTwiceIsDuplicatedEvenWhenItWasNeverAcknowledged() {
    InvariantChecker checker = new InvariantChecker("twice");
    checker.pushed(0, 503, null, 0, 1);
    List<InvariantChecker.Entry> stream = List.of(entry("1-0", 0), entry("2-0", 0));
    InvariantChecker.Result result = checker.result(stream, List.of());
    assertThat(result.duplicated()).isEqualTo(1);
    assertThat(result.lost()).isZero();
  }

  @Test
  void aSubscriberMissingRepeatingOrReorderingEventsIsCaught() {
    InvariantChecker checker = new InvariantChecker("subscribers");
    InvariantChecker.Result result = checker.result(STREAM, List.of(
        subscriber("1-0", "3-0"), subscriber("1-0", "2-0", "2-0", "3-0"), subscriber("1-0", "3-0", "2-0")));
    assertThat(result.lost()).isEqualTo(1);
    assertThat(result.duplicated()).isEqualTo(1);
    assertThat(result.disorder()).isEqualTo(1);
    assertThat(result.problems()).hasSize(3);
  }

  /**
   * An entry received that the stream no longer has (a failover took it back) is reported on its
   * own: the rest in order is not disorder; out of order it still is.
   */
  @Test
  void anEntryReceivedThatTheStreamLacksIsReportedApartFromOrder() {
    InvariantChecker checker = new InvariantChecker("taken back");
    InvariantChecker.Result result = checker.result(STREAM, List.of(
        subscriber("1-0", "2-0", "2-5", "3-0"), subscriber("1-0", "2-5", "3-0", "2-0")));
    assertThat(result.problems()).containsExactly(
        "test subscriber recorded: missing=0 duplicates=0 disorder=0 not_in_stream=1 (got 4 of 3)",
        "test subscriber recorded: missing=0 duplicates=0 disorder=1 not_in_stream=1 (got 4 of 3)");
    assertThat(result.disorder()).isEqualTo(1);
  }

  @Test
  void theEventNumberIsReadFromTheBookingIdOfTheLoadsNotifications() {
    assertThat(InvariantChecker.Entry.of("5-0", "{\"visit_booking\":{\"id\":\"e2e-123-42\"}}").event()).isEqualTo(42);
    assertThat(InvariantChecker.Entry.of("5-0", "{\"data\":{\"n\":1}}").event()).isEqualTo(-1);
  }

  private static InvariantChecker.Entry entry(String id, int event) {
    return new InvariantChecker.Entry(id, event);
  }

  /** A subscriber that received {@code ids} (in that order), without any connection. */
  private static FeedSubscriber subscriber(String... ids) {
    FeedSubscriber s = new FeedSubscriber("recorded", "127.0.0.1", 0) {
      {
        for (String id : ids) {
          received(id);
        }
      }

      @Override
      public String protocol() {
        return "test";
      }

      @Override
      protected void session(String lastId) {
      }

      @Override
      protected void disconnect() {
      }
    };
    s.connections.incrementAndGet();
    return s;
  }
}
