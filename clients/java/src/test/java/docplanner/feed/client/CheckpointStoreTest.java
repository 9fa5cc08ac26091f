package docplanner.feed.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointStoreTest {

  @TempDir
  Path dir;

  @Test
  void aFileStoreKeepsTheLastIdAcrossInstancesAndLeavesNoTemporaryFile() throws Exception {
    Path file = dir.resolve("last-id");
    assertEquals(Optional.empty(), CheckpointStore.file(file).load());
    CheckpointStore store = CheckpointStore.file(file);
    store.save("1-0");
    store.save("1795839373028-12");
    assertEquals(Optional.of("1795839373028-12"), CheckpointStore.file(file).load());
    assertEquals("1795839373028-12\n", Files.readString(file));
    assertFalse(Files.exists(dir.resolve("last-id.tmp")));
  }

  @Test
  void anEmptyFileIsNoCheckpoint() throws Exception {
    Path file = Files.writeString(dir.resolve("empty"), "\n");
    assertEquals(Optional.empty(), CheckpointStore.file(file).load());
  }

  @Test
  void inMemoryKeepsTheLastId() throws Exception {
    CheckpointStore store = CheckpointStore.inMemory();
    assertEquals(Optional.empty(), store.load());
    store.save("2-0");
    assertEquals(Optional.of("2-0"), store.load());
  }

  @Test
  void backoffDoublesWithJitterUpToTheMaximumAndStartsAgainAfterAConnection() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000));
    long[][] bounds = {{50, 100}, {100, 200}, {200, 400}, {400, 800}, {500, 1000}, {500, 1000}};
    for (long[] bound : bounds) {
      long delay = backoff.next().toMillis();
      assertTrue(delay >= bound[0] && delay <= bound[1], delay + " in " + bound[0] + ".." + bound[1]);
    }
    backoff.reset();
    assertTrue(backoff.next().toMillis() <= 100);
  }
}
