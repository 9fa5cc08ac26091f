package docplanner.gateway;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MainArgumentsTest {

  @Test
  void noCommandRunsTheGatewayAndTheFlagAddsTheSandbox() {
    assertThat(Main.Arguments.parse(new String[0]).mode).isEqualTo(Main.Arguments.Mode.GATEWAY);
    assertThat(Main.Arguments.parse(new String[] {"--sandbox"}).mode).isEqualTo(Main.Arguments.Mode.GATEWAY_WITH_SANDBOX);
    Main.Arguments both = Main.Arguments.parse(new String[] {"--conf", "x.yaml", "--sandbox"});
    assertThat(both.mode).isEqualTo(Main.Arguments.Mode.GATEWAY_WITH_SANDBOX);
    assertThat(both.conf).hasToString("x.yaml");
  }

  @Test
  void theSandboxCommandRunsOnlyTheSandbox() {
    Main.Arguments a = Main.Arguments.parse(new String[] {"sandbox", "--conf=s.yaml"});
    assertThat(a.mode).isEqualTo(Main.Arguments.Mode.SANDBOX);
    assertThat(a.conf).hasToString("s.yaml");
  }

  @Test
  void theCommandMustComeFirstAndExcludesTheFlag() {
    assertThatThrownBy(() -> Main.Arguments.parse(new String[] {"--conf", "x.yaml", "sandbox"}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Main.Arguments.parse(new String[] {"sandbox", "--sandbox"}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
