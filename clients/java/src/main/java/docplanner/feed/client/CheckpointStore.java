package docplanner.feed.client;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a broadcast subscription keeps the id of the last event it handled, to resume after it
 * on reconnect and after a restart. Group subscriptions need none: the group's pending list in
 * the gateway is their resume point.
 */
public interface CheckpointStore {

  /** The last id saved, if any. */
  Optional<String> load() throws Exception;

  /** Saves {@code id}, called after each handled event. */
  void save(String id) throws Exception;

  /** Kept in memory: resumes across reconnects, not across restarts. */
  static CheckpointStore inMemory() {
    return new InMemoryCheckpointStore();
  }

  /** Kept in {@code file}, written atomically (a temporary file renamed over it). */
  static CheckpointStore file(Path file) {
    return new FileCheckpointStore(file);
  }
}
