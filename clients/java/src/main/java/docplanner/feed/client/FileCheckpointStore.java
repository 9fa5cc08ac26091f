package docplanner.feed.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A checkpoint in a file holding the id alone. Each save writes a temporary file beside it and
 * renames it over the old one, so a crash leaves either the previous id or the new one, never a
 * torn or empty file.
 */
public final class FileCheckpointStore implements CheckpointStore {

  private final Path file;
  private final Path temporary;

  public FileCheckpointStore(Path file) {
    this.file = file.toAbsolutePath();
    this.temporary = this.file.resolveSibling(this.file.getFileName() + ".tmp");
  }

  @Override
  public Optional<String> load() throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    String id = Files.readString(file, StandardCharsets.UTF_8).strip();
    return id.isEmpty() ? Optional.empty() : Optional.of(id);
  }

  @Override
  public synchronized void save(String id) throws IOException {
    Files.writeString(temporary, id + "\n", StandardCharsets.UTF_8);
    try {
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Override
  public String toString() {
    return file.toString();
  }
}
