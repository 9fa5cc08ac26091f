package docplanner.gateway.support.groups;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The ledger's definitions, which every group test's verdict rests on. */
class GroupLedgerTest {

  @Test
  void aDeliveryAfterACompletedAckThatIsAckedAgainIsAckedTwice() {
    GroupLedger ledger = new GroupLedger();
    ledger.delivered("a", "1-0", 1);
    ledger.acked("a", "1-0");
    ledger.delivered("b", "1-0", 2);
    assertThat(ledger.ackedTwice()).as("not yet processed again").isEmpty();
    ledger.acked("b", "1-0");
    assertThat(ledger.ackedTwice()).containsExactly("1-0");
    assertThat(ledger.redeliveries()).isEqualTo(1);
  }

  @Test
  void twoConsumersHoldingAnIdBeforeAnyAckIsARedeliveryNotAckedTwice() {
    GroupLedger ledger = new GroupLedger();
    ledger.delivered("slow", "1-0", 1);
    ledger.delivered("other", "1-0", 2); // visibility timeout passed while "slow" still worked on it
    ledger.acked("other", "1-0");
    ledger.acked("slow", "1-0");
    assertThat(ledger.ackedTwice()).isEmpty();
    assertThat(ledger.redeliveries()).isEqualTo(1);
    assertThat(ledger.redeliveredEnvelopes()).isEqualTo(1);
    assertThat(ledger.ackedBy("1-0")).isEqualTo("other");
  }

  @Test
  void anIdNobodyCompletedAnAckForIsMissing() {
    GroupLedger ledger = new GroupLedger();
    ledger.delivered("a", "1-0", 1);
    ledger.delivered("a", "2-0", 1);
    ledger.acked("a", "2-0");
    assertThat(ledger.missing(List.of("1-0", "2-0", "3-0"))).containsExactly("1-0", "3-0");
    assertThat(ledger.allAcked(List.of("2-0"))).isTrue();
    assertThat(ledger.acksByConsumer(List.of("1-0", "2-0"))).containsExactlyEntriesOf(java.util.Map.of("a", 1));
  }
}
