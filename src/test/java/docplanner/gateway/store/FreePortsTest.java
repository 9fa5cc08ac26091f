package docplanner.gateway.store;

import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FreePortsTest {

  @Test
  void portsComeFromBelowTheEphemeralRangeAreFreeAndAreNeverGivenTwice() throws Exception {
    int ephemeralStart = FreePorts.ephemeralStart();
    assertThat(ephemeralStart).isBetween(1_024, 65_535);
    Set<Integer> given = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      int port = FreePorts.next();
      assertThat(given.add(port)).as("given twice: %s", port).isTrue();
      if (ephemeralStart - FreePorts.LOWEST >= 1_000) {
        assertThat(port).isGreaterThanOrEqualTo(FreePorts.LOWEST).isLessThan(ephemeralStart);
      }
    }
    int port = FreePorts.next();
    try (ServerSocket server = new ServerSocket(port)) {
      assertThat(server.getLocalPort()).isEqualTo(port);
    }
  }
}
