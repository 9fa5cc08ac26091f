package docplanner.gateway.ops;

import docplanner.gateway.config.LogSettings;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** log.format and log.level as the process applies them, read back from standard output. */
class LogSetupTest {

  private static final Logger LOG = LoggerFactory.getLogger("docplanner.gateway.LogSetupTest");

  @AfterEach
  void restoreTextLogs() {
    LogSetup.apply(new LogSettings(LogSettings.Format.TEXT, "INFO"));
  }

  private static List<String> stdoutOf(LogSettings settings, Runnable logging) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      LogSetup.apply(settings);
      logging.run();
    } finally {
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void jsonFormatWritesOneJsonObjectPerLine() {
    List<String> lines = stdoutOf(new LogSettings(LogSettings.Format.JSON, "INFO"), () -> {
      LOG.info("stored event {}", "1732770000000-0");
      LOG.warn("a second line\nwith a newline inside");
    });
    assertThat(lines).hasSize(2);
    JsonObject first = new JsonObject(lines.get(0));
    assertThat(first.getString("message")).isEqualTo("stored event 1732770000000-0");
    assertThat(first.getString("level")).isEqualTo("INFO");
    assertThat(first.getString("logger_name")).isEqualTo("docplanner.gateway.LogSetupTest");
    assertThat(first.getString("@timestamp")).isNotBlank();
    assertThat(new JsonObject(lines.get(1)).getString("message")).isEqualTo("a second line\nwith a newline inside");
  }

  @Test
  void textFormatIsOneHumanLineAndTheLevelFilters() {
    List<String> lines = stdoutOf(new LogSettings(LogSettings.Format.TEXT, "WARN"), () -> {
      LOG.info("not shown at WARN");
      LOG.warn("shown");
    });
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).matches("\\d{4}-\\d\\d-\\d\\dT.* WARN  \\[.*] LogSetupTest - shown");
  }

  @Test
  void anAccessTokenInAQuotedRequestIsMaskedInTextAndJsonLinesMessagesAndExceptionsAlike() {
    Runnable logging = () -> {
      LOG.warn("refused GET /events?since=1&access_token=s3cr3t-value&names=a");
      LOG.warn("failed", new IllegalArgumentException("bad escape in /events?ACCESS_TOKEN=s3cr3t-value"));
    };
    String text = String.join("\n", stdoutOf(new LogSettings(LogSettings.Format.TEXT, "INFO"), logging));
    assertThat(text).doesNotContain("s3cr3t-value").contains("access_token=***&names=a").contains("ACCESS_TOKEN=***");
    assertThat(text).as("the exception once, redacted").containsOnlyOnce("IllegalArgumentException");
    String json = String.join("\n", stdoutOf(new LogSettings(LogSettings.Format.JSON, "INFO"), logging));
    assertThat(json).doesNotContain("s3cr3t-value").contains("access_token=***");
  }
}
