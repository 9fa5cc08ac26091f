package docplanner.gateway.feed.group;

import docplanner.gateway.feed.Channel;
import docplanner.gateway.feed.EncodedEvent;
import docplanner.gateway.feed.EventFilter;
import docplanner.gateway.event.StreamId;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class GroupConsumerTest {

  static final long LONG = java.time.Duration.ofMinutes(5).toNanos();

  private static EncodedEvent event(String id) {
    return new EncodedEvent(StreamId.parse(id), "slot-booked", "", "", Buffer.buffer("x"), new byte[] {'{', '}'});
  }

  private static GroupConsumer consumer(List<EncodedEvent> written) {
    Channel channel = new Channel() {
      @Override
      public String protocol() {
        return "ws";
      }

      @Override
      public void send(List<EncodedEvent> events) {
        written.addAll(events);
      }

      @Override
      public void sendNotice(String type, String json) {
      }

      @Override
      public void heartbeat() {
      }

      @Override
      public boolean full() {
        return false;
      }

      @Override
      public void onDrain(Runnable handler) {
      }

      @Override
      public void onClose(Runnable handler) {
      }

      @Override
      public void cutOff() {
      }

      @Override
      public void closeForShutdown() {
      }
    };
    return new GroupConsumer("g", "c", channel, new EventFilter(Set.of(), Set.of(), Set.of()), null);
  }

  @Test
  void creditIsTheLimitLessWhatIsHeldUnacknowledged() {
    List<EncodedEvent> written = new ArrayList<>();
    GroupConsumer consumer = consumer(written);
    assertThat(consumer.credit(3, LONG)).isEqualTo(3);
    consumer.send(List.of(event("1-0"), event("2-0")));
    assertThat(written).hasSize(2);
    assertThat(consumer.credit(3, LONG)).isEqualTo(1);
    consumer.send(List.of(event("3-0"), event("4-0")));
    assertThat(consumer.credit(3, LONG)).isZero(); // never negative

    List<Long> latencies = new ArrayList<>();
    consumer.settled(List.of("1-0", "1-0", "99-0"), latencies::add);
    assertThat(latencies).hasSize(1); // once, and only for what it held
    assertThat(latencies.get(0)).isNotNegative();
    assertThat(consumer.credit(3, LONG)).isZero();
    consumer.settled(List.of("2-0"), null);
    assertThat(consumer.credit(3, LONG)).isEqualTo(1);
  }

  @Test
  void whatRedisNoLongerHoldsAndWhatIsPastTheVisibilityTimeoutStopsCounting() {
    GroupConsumer consumer = consumer(new ArrayList<>());
    consumer.send(List.of(event("1-0"), event("2-0"), event("3-0")));
    consumer.retainOnly(Set.of("3-0", "7-0"));
    assertThat(consumer.credit(3, LONG)).isEqualTo(2);
    assertThat(consumer.credit(3, 0)).isEqualTo(3); // all past a zero timeout
  }
}
