package docplanner.feed.client;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A broadcast subscriber on the real gateway, over SSE and WebSocket: it reads what is retained,
 * rides out a gateway restart (reconnecting by itself and resuming after its checkpoint), and a
 * client restarted with the same checkpoint file goes on from there: nothing lost, nothing twice.
 */
class BroadcastIT {

  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(Transport.class)
  void resumesAfterAGatewayRestartAndAClientRestartWithoutLossOrDuplicates(Transport transport) throws Exception {
    try (RealGateway gateway = new RealGateway(dir, Map.of())) {
      Path checkpointFile = dir.resolve("last-id");
      BlockingQueue<FeedEvent> received = new LinkedBlockingQueue<>();
      List<String> pushed = new ArrayList<>(gateway.push(3));
      FeedClient client = client(gateway, transport, checkpointFile, received);
      try {
        assertEquals(pushed, ids(received, 3));

        gateway.stop();
        gateway.start();
        pushed.addAll(gateway.push(4));
        assertEquals(pushed.subList(3, 7), ids(received, 4), "after the restart: exactly the new ones");
      } finally {
        client.close();
      }
      assertEquals(Optional.of(pushed.get(6)), CheckpointStore.file(checkpointFile).load());

      pushed.addAll(gateway.push(2));
      try (FeedClient again = client(gateway, transport, checkpointFile, received)) {
        assertEquals(pushed.subList(7, 9), ids(received, 2), "a new client resumes after the file's id");
        assertNull(received.poll(300, TimeUnit.MILLISECONDS), "and nothing more");
      }
      assertEquals(gateway.redisCli("XLEN", RealGateway.STREAM), "9");
    }
  }

  static FeedClient client(RealGateway gateway, Transport transport, Path checkpointFile, BlockingQueue<FeedEvent> into) {
    return FeedClient.builder(gateway.feedUrl()).transport(transport).fromBeginning()
        .checkpoints(CheckpointStore.file(checkpointFile))
        .backoff(Duration.ofMillis(50), Duration.ofMillis(500))
        .onError(error -> { })
        .start((event, ack) -> {
          assertEquals(EventName.SLOT_BOOKED, event.eventName());
          assertTrue(event.dataText("visit_booking", "id").isPresent());
          into.add(event);
        });
  }

  static List<String> ids(BlockingQueue<FeedEvent> queue, int count) throws InterruptedException {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      FeedEvent event = queue.poll(30, TimeUnit.SECONDS);
      assertNotNull(event, "event " + (i + 1) + " of " + count + " within 30 s");
      ids.add(event.id());
    }
    return ids;
  }
}
