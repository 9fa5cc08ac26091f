package docplanner.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** The upstream's wire examples in ../shared/docplanner/examples (one body per file). */
public final class Examples {

  private Examples() {
  }

  public static Path dir() {
    for (Path candidate : new Path[] {Path.of("../shared/docplanner/examples"), Path.of("src/test/resources/examples")}) {
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("no examples directory (../shared/docplanner/examples)");
  }

  /** Every notification body (files not starting with '_'), by file name, in name order. */
  public static Map<String, String> notifications() {
    Map<String, String> out = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(dir())) {
      files.filter(p -> p.getFileName().toString().endsWith(".json") && !p.getFileName().toString().startsWith("_"))
          .sorted()
          .forEach(p -> out.put(p.getFileName().toString(), read(p)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  public static String read(String fileName) {
    return read(dir().resolve(fileName));
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
