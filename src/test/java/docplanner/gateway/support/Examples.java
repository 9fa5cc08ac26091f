package docplanner.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The wire examples kept in the repository: one notification body per file in
 * {@code examples/notifications/}, and Docplanner API answers in {@code examples/docplanner-api/}.
 * Read from the working tree (Maven runs tests in the project directory), so the README's quick
 * start pushes the very files the tests check.
 */
public final class Examples {

  private static final Path NOTIFICATIONS = Path.of("examples", "notifications");
  private static final Path API_ANSWERS = Path.of("examples", "docplanner-api");

  private Examples() {
  }

  public static Path dir() {
    return NOTIFICATIONS;
  }

  /** Every notification body, by file name, in name order. */
  public static Map<String, String> notifications() {
    Map<String, String> out = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(NOTIFICATIONS)) {
      files.filter(p -> p.getFileName().toString().endsWith(".json"))
          .sorted()
          .forEach(p -> out.put(p.getFileName().toString(), read(p)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** One notification body, e.g. {@code slot-booked.json}. */
  public static String read(String fileName) {
    return read(NOTIFICATIONS.resolve(fileName));
  }

  /** One answer of Docplanner's API, e.g. {@code pull-multiple.json}, {@code error-queue-empty.json}. */
  public static String apiAnswer(String fileName) {
    return read(API_ANSWERS.resolve(fileName));
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
