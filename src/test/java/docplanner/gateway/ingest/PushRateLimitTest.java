package docplanner.gateway.ingest;

import docplanner.gateway.config.SecuritySettings;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PushRateLimitTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void aBurstThenTheRateWithTheWaitInWholeSeconds() {
    PushRateLimit limit = new PushRateLimit(new SecuritySettings.RateLimit(2, 4, List.of()));
    for (int i = 0; i < 4; i++) {
      assertThat(limit.admit("198.51.100.7", 0)).isZero();
    }
    assertThat(limit.admit("198.51.100.7", 0)).isEqualTo(1);
    assertThat(limit.admit("198.51.100.8", 0)).as("another sender has its own bucket").isZero();
    assertThat(limit.admit("198.51.100.7", SECOND / 2)).as("one token back after half a second").isZero();
    assertThat(limit.admit("198.51.100.7", SECOND / 2)).isEqualTo(1);
    assertThat(limit.admit("198.51.100.7", 100 * SECOND)).as("never more than the burst").isZero();
  }

  @Test
  void exemptSendersAndAZeroRateAreNeverLimited() {
    PushRateLimit limit = new PushRateLimit(new SecuritySettings.RateLimit(0.001, 1, List.of("203.0.113.0/24")));
    for (int i = 0; i < 1_000; i++) {
      assertThat(limit.admit("203.0.113.5", 0)).isZero();
    }
    assertThat(new PushRateLimit(new SecuritySettings.RateLimit(0, 1, List.of())).enabled()).isFalse();
  }

  @Test
  void itRemembersABoundedNumberOfSenders() {
    PushRateLimit limit = new PushRateLimit(new SecuritySettings.RateLimit(0.001, 1, List.of()));
    assertThat(limit.admit("10.0.0.1", 0)).isZero();
    assertThat(limit.admit("10.0.0.1", 0)).isPositive();
    for (int i = 0; i < PushRateLimit.MAX_SOURCES; i++) {
      limit.admit("fd00::" + Integer.toHexString(i), 0);
    }
    assertThat(limit.trackedSenders()).isEqualTo(PushRateLimit.MAX_SOURCES);
  }
}
