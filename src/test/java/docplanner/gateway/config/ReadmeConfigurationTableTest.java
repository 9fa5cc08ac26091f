package docplanner.gateway.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's configuration table lists every key of conf/gateway.yaml, with its environment name. */
class ReadmeConfigurationTableTest {

  @Test
  void everyKeyIsInTheReadmeTableWithItsEnvironmentVariable() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    for (String key : ConfigLoader.defaults().keySet()) {
      assertThat(readme).as("README row for " + key)
          .contains("| `" + key + "` |")
          .contains("`" + ConfigLoader.envName(key) + "`");
    }
    assertThat(readme).contains("mvn -B verify");
  }
}
