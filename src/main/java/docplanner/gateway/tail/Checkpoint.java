package docplanner.gateway.tail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * The last printed id in a file: written through a temporary file renamed over it (never torn),
 * at most once per {@code every} while lines stream (a write per line would cost more than the
 * printing), and whenever {@link #flush()} is called (each quiet moment, and on exit).
 */
final class Checkpoint {

  private final Path file;
  private final Path temporary;
  private final long everyNanos;
  private String latest;
  private String written;
  private long writtenAt;

  Checkpoint(Path file, Duration every) {
    this.file = file.toAbsolutePath();
    this.temporary = this.file.resolveSibling(this.file.getFileName() + ".tmp");
    this.everyNanos = every.toNanos();
  }

  /** The id saved by an earlier run, or null. */
  String load() {
    try {
      String id = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : "";
      return id.isEmpty() ? null : id;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the checkpoint " + file, e);
    }
  }

  /** {@code id} was printed. */
  void printed(String id) {
    latest = id;
    if (System.nanoTime() - writtenAt >= everyNanos) {
      flush();
    }
  }

  /** Writes the latest id if it is not on disk yet. */
  void flush() {
    if (latest == null || latest.equals(written)) {
      return;
    }
    try {
      Files.writeString(temporary, latest + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the checkpoint " + file, e);
    }
    written = latest;
    writtenAt = System.nanoTime();
  }
}
