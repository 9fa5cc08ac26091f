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

  @Test
  void aRepeatedArgumentIsRefusedWhateverItsForm() {
    assertThatThrownBy(() -> Main.Arguments.parse(new String[] {"--conf", "a.yaml", "--conf=b.yaml"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("--conf is given twice");
    assertThatThrownBy(() -> Main.Arguments.parse(new String[] {"-c", "a.yaml", "--conf", "a.yaml"}))
        .hasMessage("--conf is given twice");
    assertThatThrownBy(() -> Main.Arguments.parse(new String[] {"--sandbox", "--sandbox"}))
        .hasMessage("--sandbox is given twice");
    assertThatThrownBy(() -> Main.Arguments.parse(new String[] {"--strict-env", "--strict-env"}))
        .hasMessage("--strict-env is given twice");
  }

  @Test
  void versionAndStrictEnvAreFlags() {
    assertThat(Main.Arguments.parse(new String[] {"--version"}).version).isTrue();
    assertThat(Main.Arguments.parse(new String[] {"-V"}).version).isTrue();
    Main.Arguments strict = Main.Arguments.parse(new String[] {"sandbox", "--strict-env"});
    assertThat(strict.strictEnv).isTrue();
    assertThat(strict.mode).isEqualTo(Main.Arguments.Mode.SANDBOX);
    assertThat(Main.Arguments.parse(new String[0]).strictEnv).isFalse();
  }
}
