package docplanner.gateway.feed.group;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class GroupNameTest {

  @Test
  void acceptsOneToSixtyFourSafeCharacters() {
    assertThat(GroupName.valid("billing")).isTrue();
    assertThat(GroupName.valid("a")).isTrue();
    assertThat(GroupName.valid("Svc_1.replica-2")).isTrue();
    assertThat(GroupName.valid("x".repeat(64))).isTrue();
  }

  @Test
  void refusesEmptyLongAndAnythingElse() {
    assertThat(GroupName.valid(null)).isFalse();
    assertThat(GroupName.valid("")).isFalse();
    assertThat(GroupName.valid("x".repeat(65))).isFalse();
    for (String bad : new String[] {"a b", "a/b", "a:b", "{a}", "ą", "a\n", "*"}) {
      assertThat(GroupName.valid(bad)).as(bad).isFalse();
    }
  }

  @Test
  void generatedConsumerNamesAreValidAndDistinct() {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String name = GroupName.generatedConsumer();
      assertThat(name).matches("c-[0-9a-f]{12}");
      assertThat(GroupName.valid(name)).isTrue();
      names.add(name);
    }
    assertThat(names).hasSize(1000);
  }
}
