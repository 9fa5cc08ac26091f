package docplanner.feed.client;

import java.util.Optional;

/** A checkpoint in a field: survives reconnects, not restarts. */
public final class InMemoryCheckpointStore implements CheckpointStore {

  private volatile String id;

  @Override
  public Optional<String> load() {
    return Optional.ofNullable(id);
  }

  @Override
  public void save(String id) {
    this.id = id;
  }
}
