package docplanner.gateway.sandbox;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationQueueTest {

  static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
  final List<SandboxEvent> expired = new ArrayList<>();
  final List<SandboxEvent> evicted = new ArrayList<>();
  final NotificationQueue queue = new NotificationQueue(Duration.ofHours(72), 3, expired::add, evicted::add);

  static SandboxEvent event(long id, Instant at) {
    return new SandboxEvent(id, "break-created", Buffer.buffer("{\"n\":" + id + "}"), at);
  }

  @Test
  void takesInArrivalOrderAndATakenNotificationIsGone() {
    queue.offer(event(1, T0), T0);
    queue.offer(event(2, T0), T0);
    queue.offer(event(3, T0), T0);
    assertThat(queue.take(2, T0)).extracting(SandboxEvent::id).containsExactly(1L, 2L);
    assertThat(queue.remaining(T0)).isEqualTo(1);
    assertThat(queue.take(100, T0)).extracting(SandboxEvent::id).containsExactly(3L);
    assertThat(queue.take(100, T0)).isEmpty();
    assertThat(queue.remaining(T0)).isZero();
  }

  @Test
  void aNotificationExpires72HoursAfterItWasQueued() {
    queue.offer(event(1, T0), T0);
    Instant later = T0.plus(Duration.ofHours(1));
    queue.offer(event(2, later), later);
    Instant justBefore = T0.plus(Duration.ofHours(72)).minusMillis(1);
    assertThat(queue.remaining(justBefore)).isEqualTo(2);
    Instant atExpiry = T0.plus(Duration.ofHours(72));
    assertThat(queue.take(100, atExpiry)).extracting(SandboxEvent::id).containsExactly(2L);
    assertThat(expired).extracting(SandboxEvent::id).containsExactly(1L);
  }

  @Test
  void aFullQueueDropsItsOldest() {
    for (long id = 1; id <= 5; id++) {
      queue.offer(event(id, T0), T0);
    }
    assertThat(evicted).extracting(SandboxEvent::id).containsExactly(1L, 2L);
    assertThat(queue.snapshot()).extracting(SandboxEvent::id).containsExactly(3L, 4L, 5L);
  }
}
