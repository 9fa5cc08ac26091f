package docplanner.gateway.tail;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TailOptionsTest {

  @Test
  void theSubscriptionCarriesTheFiltersAndTheCheckpointWinsOverSince() {
    TailOptions options = TailOptions.parse(new String[] {"--url", "http://gw:18081/", "--since", "0",
        "--names", "slot-booked,booking-canceled", "--facility", "1", "--checkpoint", "last-id"});
    assertThat(options.subscription(null, null))
        .hasToString("http://gw:18081/events?since=0&names=slot-booked%2Cbooking-canceled&facility=1");
    assertThat(options.subscription("5-0", null)).hasToString(
        "http://gw:18081/events?since=5-0&names=slot-booked%2Cbooking-canceled&facility=1");
    assertThat(options.checkpoint()).isEqualTo(Path.of("last-id"));
    assertThat(options.max()).isEqualTo(-1);
  }

  @Test
  void aGroupSubscriptionKeepsTheConsumerItWasGiven() {
    TailOptions options = TailOptions.parse(new String[] {"--group", "ops", "--max", "3"});
    assertThat(options.subscription(null, null)).hasToString("http://localhost:8081/events?group=ops");
    assertThat(options.subscription(null, "c-1")).hasToString("http://localhost:8081/events?group=ops&consumer=c-1");
    assertThat(options.settle("ack")).hasToString("http://localhost:8081/events/ack");
  }

  @Test
  void badCommandLinesAreRefusedWithTheFix() {
    assertThatThrownBy(() -> TailOptions.parse(new String[] {"--consumer", "c"})).hasMessage("--consumer needs --group");
    assertThatThrownBy(() -> TailOptions.parse(new String[] {"--group", "g", "--checkpoint", "f"}))
        .hasMessageStartingWith("--checkpoint is for broadcast");
    assertThatThrownBy(() -> TailOptions.parse(new String[] {"--group", "a b"})).hasMessageStartingWith("--group is 1-64");
    assertThatThrownBy(() -> TailOptions.parse(new String[] {"--url", "localhost:8081"})).hasMessageStartingWith("--url is");
    assertThatThrownBy(() -> TailOptions.parse(new String[] {"--max", "-1"})).hasMessageStartingWith("--max needs a number");
    assertThatThrownBy(() -> TailOptions.parse(new String[] {"--since"})).hasMessage("--since needs a value");
    assertThatThrownBy(() -> TailOptions.parse(new String[] {"--since", "0", "--since", "1"})).hasMessage("--since is given twice");
    assertThatThrownBy(() -> TailOptions.parse(new String[] {"--follow", "x"})).hasMessage("unknown argument --follow");
    assertThatThrownBy(() -> TailOptions.parse(new String[] {"--help"})).isInstanceOf(TailOptions.HelpRequested.class);
  }
}
