package docplanner.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shaded jar (or the {@code gateway} script) in a child JVM, as an operator runs it: its own
 * working directory, an environment without the caller's {@code GATEWAY_*} variables plus the given
 * ones, stdout and stderr together in a file. For what only the real process shows: exit codes,
 * the exact lines printed at start-up, the manifest, the bundled binaries.
 */
public final class JarRun implements AutoCloseable {

  public static final Path JAR = Path.of("target", "docplanner-gateway.jar").toAbsolutePath();

  private final Process process;
  private final Path output;
  private final Path errors;

  private JarRun(Process process, Path output, Path errors) {
    this.process = process;
    this.output = output;
    this.errors = errors;
  }

  /** {@code java -jar target/docplanner-gateway.jar args...} in {@code dir}. */
  public static JarRun java(Path dir, Map<String, String> env, String... args) {
    assertThat(JAR).as("the fat jar, built in the package phase").exists();
    List<String> command = new ArrayList<>(List.of(javaBinary().toString(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    return command(dir, env, command);
  }

  /** Any command (e.g. the {@code gateway} script) in {@code dir}. */
  public static JarRun command(Path dir, Map<String, String> env, List<String> command) {
    return start(dir, env, command, false);
  }

  /** As {@link #java}, with stderr kept apart from stdout ({@link #stdout()}, {@link #stderr()}): for commands whose stdout is data. */
  public static JarRun javaWithStdoutApart(Path dir, Map<String, String> env, String... args) {
    assertThat(JAR).as("the fat jar, built in the package phase").exists();
    List<String> command = new ArrayList<>(List.of(javaBinary().toString(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    return start(dir, env, command, true);
  }

  private static JarRun start(Path dir, Map<String, String> env, List<String> command, boolean stderrApart) {
    try {
      Path output = Files.createTempFile("jar-run", ".log");
      Path errors = stderrApart ? Files.createTempFile("jar-run", ".err") : null;
      ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(output.toFile());
      if (errors == null) {
        builder.redirectErrorStream(true);
      } else {
        builder.redirectError(errors.toFile());
      }
      builder.environment().keySet().removeIf(name -> name.startsWith("GATEWAY_"));
      builder.environment().putAll(env);
      return new JarRun(builder.start(), output, errors);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /** Waits for the process to end and returns its exit code. */
  public int exitCode(Duration within) {
    try {
      assertThat(process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS))
          .as("exited within %s; output:%n%s", within, String.join("\n", lines())).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return process.exitValue();
  }

  /** Every line printed so far (stdout and stderr). */
  public List<String> lines() {
    List<String> lines = new ArrayList<>(read(output));
    if (errors != null) {
      lines.addAll(read(errors));
    }
    return lines;
  }

  /** The complete lines printed on stdout so far (a line still being written is left out). */
  public List<String> stdout() {
    try {
      String text = Files.readString(output, StandardCharsets.UTF_8);
      return text.substring(0, text.lastIndexOf('\n') + 1).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The lines printed on stderr so far, when started with stderr apart. */
  public List<String> stderr() {
    return errors == null ? List.of() : read(errors);
  }

  private static List<String> read(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGINT (Ctrl-C), and the exit code once it stopped. */
  public int interrupt() {
    try {
      new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).inheritIO().start().waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return exitCode(Duration.ofSeconds(30));
  }

  /** Waits until a printed line contains {@code text}; returns that line. */
  public String awaitLine(String text, Duration within) {
    await().atMost(within).until(() -> lines().stream().anyMatch(l -> l.contains(text)) || !process.isAlive());
    return lines().stream().filter(l -> l.contains(text)).findFirst()
        .orElseThrow(() -> new AssertionError("no line with '" + text + "' in:\n" + String.join("\n", lines())));
  }

  /** SIGTERM, and the exit code once it stopped. */
  public int stop() {
    process.destroy();
    return exitCode(Duration.ofSeconds(30));
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      Files.deleteIfExists(output);
      if (errors != null) {
        Files.deleteIfExists(errors);
      }
    } catch (IOException ignored) {
      // a temp file left behind is harmless
    }
  }
}
