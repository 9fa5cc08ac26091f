package docplanner.gateway.sandbox;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FailedStoreTest {

  static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
  final List<SandboxEvent> deleted = new ArrayList<>();
  final FailedStore store = new FailedStore(Duration.ofDays(14), 2, deleted::add);

  static SandboxEvent event(long id, Instant createdAt) {
    return new SandboxEvent(id, "slot-booked", Buffer.buffer("{}"), createdAt);
  }

  @Test
  void failedEventsAreKeptUntil14DaysAfterCreationThenDeleted() {
    Instant failedAt = T0.plus(Duration.ofMinutes(15));
    store.add(event(1, T0), failedAt, 3, "answered 500");
    FailedStore.Failed failed = store.snapshot().get(0);
    assertThat(failed.deleteAt()).isEqualTo(T0.plus(Duration.ofDays(14)));
    assertThat(failed.attempts()).isEqualTo(3);
    store.purge(T0.plus(Duration.ofDays(14)).minusMillis(1));
    assertThat(store.size()).isEqualTo(1);
    store.purge(T0.plus(Duration.ofDays(14)));
    assertThat(store.size()).isZero();
    assertThat(deleted).extracting(SandboxEvent::id).containsExactly(1L);
  }

  @Test
  void takeAllEmptiesTheStoreButSkipsWhatIsPastRetention() {
    store.add(event(1, T0), T0, 3, "timeout");
    Instant later = T0.plus(Duration.ofDays(10));
    store.add(event(2, later), later, 3, "timeout");
    List<FailedStore.Failed> taken = store.takeAll(T0.plus(Duration.ofDays(15)));
    assertThat(taken).extracting(f -> f.event().id()).containsExactly(2L);
    assertThat(store.size()).isZero();
    assertThat(deleted).extracting(SandboxEvent::id).containsExactly(1L);
  }

  @Test
  void aFullStoreDeletesTheEarliestFailed() {
    store.add(event(1, T0), T0, 3, "x");
    store.add(event(2, T0), T0, 3, "x");
    store.add(event(3, T0), T0, 3, "x");
    assertThat(store.snapshot()).extracting(f -> f.event().id()).containsExactly(2L, 3L);
    assertThat(deleted).extracting(SandboxEvent::id).containsExactly(1L);
  }
}
