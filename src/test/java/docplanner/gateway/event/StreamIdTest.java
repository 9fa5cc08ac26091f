package docplanner.gateway.event;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamIdTest {

  @Test
  void parsesAndOrdersNumericallyNotLexically() {
    StreamId a = StreamId.parse("999-5");
    StreamId b = StreamId.parse("1000-0");
    assertThat(a).isNotNull();
    assertThat(b.isAfter(a)).isTrue();
    assertThat(StreamId.parse("1000-10").isAfter(StreamId.parse("1000-9"))).isTrue();
    assertThat(StreamId.parse("1732770000000")).isEqualTo(new StreamId(1732770000000L, 0));
    assertThat(StreamId.parse("1-2").toString()).isEqualTo("1-2");
  }

  @Test
  void rejectsWhatIsNotAnId() {
    for (String bad : new String[] {null, "", "abc", "1-", "-1", "1-2-3", "1.5-0", "99999999999999999999999-0"}) {
      assertThat(StreamId.parse(bad)).as(bad).isNull();
    }
  }
}
