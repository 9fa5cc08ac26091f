package docplanner.gateway.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionBudgetTest {

  @Test
  void bothServersDefaultToAnInstancePerCoreButNoMoreThanTheCap() {
    assertThat(ConnectionBudget.of(0, 0, false, false, 4).pushInstances()).isEqualTo(4);
    assertThat(ConnectionBudget.of(0, 0, false, false, 4).feedInstances()).isEqualTo(4);
    assertThat(ConnectionBudget.of(0, 0, false, false, 2).feedInstances()).isEqualTo(2);
    assertThat(ConnectionBudget.of(0, 0, false, false, 1).feedInstances()).isEqualTo(1);
    assertThat(ConnectionBudget.of(0, 0, false, false, 96).pushInstances()).isEqualTo(ConnectionBudget.DEFAULT_INSTANCE_CAP);
    assertThat(ConnectionBudget.of(0, 0, false, false, 96).feedInstances()).isEqualTo(ConnectionBudget.DEFAULT_INSTANCE_CAP);
    assertThat(ConnectionBudget.of(0, 0, false, false, 0).pushInstances()).isEqualTo(1);
    assertThat(ConnectionBudget.of(0, 0, false, false, 0).feedInstances()).isEqualTo(1);
  }

  @Test
  void configuredInstancesAreTakenAsTheyAre() {
    ConnectionBudget budget = ConnectionBudget.of(32, 24, false, false, 2);
    assertThat(budget.pushInstances()).isEqualTo(32);
    assertThat(budget.feedInstances()).isEqualTo(24);
  }

  @Test
  void thePoolHoldsEveryLinkAndItsReplacement() {
    ConnectionBudget budget = ConnectionBudget.of(64, 64, true, true, 128);
    // Two links per push instance (work + health probe), three per feed instance (history reads,
    // health probe, its stream reader), plus puller and releaser.
    assertThat(budget.links()).isEqualTo(2 * 64 + 3 * 64 + 2);
    assertThat(budget.poolSize()).isEqualTo(4 * budget.links());
    assertThat(ConnectionBudget.of(2, 2, false, false, 2).links()).isEqualTo(10);
  }
}
