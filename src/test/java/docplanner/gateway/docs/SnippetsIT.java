package docplanner.gateway.docs;

import docplanner.gateway.config.GatewayConfig;
import docplanner.gateway.sandbox.SandboxLauncher;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code bash} block of README.md and docs/*.md runs, in document order, against a gateway
 * started as {@code ./gateway --sandbox} would start it (same wiring, in this JVM, on free ports
 * instead of 8080/8081/8090, with this test's own Redis). A block passes when bash exits 0 under
 * {@code set -euo pipefail}. Lines that start the gateway or Maven are not run here: the gateway is
 * already running, and {@code mvn -B verify} is what runs this test ({@code .ci/run} runs it).
 * Blocks marked {@code sh} are for tools this machine does not have (Docker, kubectl) and may
 * hold nothing else.
 */
class SnippetsIT {

  /**
   * Commands a bash block may contain that this test does not run, and why. The jar's {@code tail}
   * is a client of the running gateway, so it runs (its lines must end, e.g. with {@code --max}).
   */
  static final Pattern NOT_RUN_HERE = Pattern.compile("^(\\./gateway|java -jar(?! target/docplanner-gateway\\.jar tail )|mvn )");
  static final Pattern SH_ONLY = Pattern.compile("^(docker|kubectl) ");

  /** The admin token the docs ask the reader to start the gateway with (GATEWAY_ADMIN_TOKEN). */
  static final String ADMIN_TOKEN = "snippets-admin-token-0123456789";

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  @TempDir
  Path dir;

  @Test
  void everyBashBlockRunsAgainstAGatewayWithItsSandbox() throws Exception {
    int sandboxPort = TestGateways.freePort();
    GatewayConfig config = TestGateways.config(redis.url(), Map.of("sandbox.port", sandboxPort, "admin.token", ADMIN_TOKEN));
    List<Snippets.Snippet> blocks = Snippets.all().stream().filter(s -> s.lang().equals("bash")).toList();
    assertThat(blocks).extracting(s -> s.file().toString()).contains("README.md", "docs/sandbox.md");
    try (SandboxLauncher.WithGateway running = SandboxLauncher.withGateway(config)) {
      for (Snippets.Snippet block : blocks) {
        String script = localise(block.text(), config.push().port(), config.feed().port(), sandboxPort);
        Result result = bash(script);
        assertThat(result.exit()).as(block + " failed:\n" + script + "\nstdout:\n" + result.out() + "\nstderr:\n" + result.err())
            .isZero();
      }
    }
  }

  @Test
  void shBlocksHoldOnlyDockerAndKubectlCommands() {
    for (Snippets.Snippet block : Snippets.all()) {
      if (block.lang().equals("sh")) {
        for (String command : block.text().replace("\\\n", " ").lines().map(String::strip).toList()) {
          if (!command.isEmpty() && !command.startsWith("#")) {
            assertThat(command).as(block + ": runnable here? fence it as bash").containsPattern(SH_ONLY);
          }
        }
      }
    }
  }

  /** The block with the default ports replaced by this test's, and the lines not run here commented out. */
  static String localise(String block, int push, int feed, int sandbox) {
    StringBuilder out = new StringBuilder();
    for (String line : block.lines().toList()) {
      out.append(NOT_RUN_HERE.matcher(line.strip()).find() ? ": not run here: " + line.replace("'", "") : line).append('\n');
    }
    return out.toString()
        .replaceAll("(localhost|127\\.0\\.0\\.1):8080\\b", "127.0.0.1:" + push)
        .replaceAll("(localhost|127\\.0\\.0\\.1):8081\\b", "127.0.0.1:" + feed)
        .replaceAll("(localhost|127\\.0\\.0\\.1):8090\\b", "127.0.0.1:" + sandbox);
  }

  record Result(int exit, String out, String err) {
  }

  /**
   * Runs a block as a reader would paste it, from the repository's root. curl gets a deadline:
   * a streaming {@code curl -N} (the live feed) is meant to run until Ctrl-C, so running out of
   * time (exit 28) is its success; any other curl must finish in time.
   */
  Result bash(String script) throws Exception {
    String prelude = """
        set -euo pipefail
        curl() {
          local a
          for a in "$@"; do
            if [ "$a" = "-N" ]; then
              local rc=0; command curl --max-time 3 "$@" || rc=$?
              [ "$rc" -eq 28 ] && return 0; return "$rc"
            fi
          done
          command curl --max-time 60 "$@"
        }
        """;
    Path file = dir.resolve("snippet.sh");
    Files.writeString(file, prelude + script);
    ProcessBuilder builder = new ProcessBuilder("bash", file.toString());
    builder.environment().put("GATEWAY_ADMIN_TOKEN", ADMIN_TOKEN);
    Process process = builder
        .redirectOutput(dir.resolve("out").toFile())
        .redirectError(dir.resolve("err").toFile())
        .start();
    boolean exited = process.waitFor(3, TimeUnit.MINUTES);
    if (!exited) {
      process.destroyForcibly();
    }
    return new Result(exited ? process.exitValue() : -1,
        Files.readString(dir.resolve("out"), StandardCharsets.UTF_8), Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
  }
}
