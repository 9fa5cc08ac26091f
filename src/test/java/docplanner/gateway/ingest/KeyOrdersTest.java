package docplanner.gateway.ingest;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The cached member order is always the order a fresh sort gives. */
class KeyOrdersTest {

  private final KeyOrders orders = new KeyOrders();

  private static JsonObjectNode object(String... keys) {
    JsonObjectNode object = new JsonObjectNode();
    for (String key : keys) {
      object.put(key, CanonicalJson.NULL);
    }
    return object;
  }

  @Test
  void theSameInstancesInAnotherOrderAreSortedAgain() {
    String a = "a", b = "b", c = "c";
    assertThat(orders.of(object(b, a, c))).containsExactly(1, 0, 2);
    assertThat(orders.of(object(b, a, c))).containsExactly(1, 0, 2);
    assertThat(orders.of(object(a, c, b))).containsExactly(0, 2, 1);
    assertThat(orders.of(object(c, b))).containsExactly(1, 0);
  }

  @Test
  void equalKeysThatAreOtherInstancesGetTheirOwnSort() {
    String first = new String("first");
    assertThat(orders.of(object(first, "second"))).containsExactly(0, 1);
    assertThat(orders.of(object(new String("second"), new String("first")))).containsExactly(1, 0);
  }

  /** The fast reader's members sit on one stack: a window of it is ordered as an object of its own. */
  @Test
  void aWindowOfALongerArrayIsOrderedByItsOwnIndices() {
    String[] stack = {"outer", "z", "y", "x", "w", "unused"};
    assertThat(orders.of(stack, 1, 4)).containsExactly(3, 2, 1, 0);
    assertThat(orders.of(stack, 1, 4)).containsExactly(3, 2, 1, 0);
    assertThat(orders.of(stack, 2, 2)).containsExactly(1, 0);
    assertThat(orders.of(new String[] {"a", "k", "b", "k"}, 1, 3)).isNull();
  }

  @Test
  void aRepeatedKeyIsRefusedEveryTime() {
    String k = "k";
    assertThat(orders.of(object(k, "j", k))).isNull();
    assertThat(orders.of(object(k, "j", k))).isNull();
  }

  @Test
  void manySequencesSharingSlotsAlwaysAgreeWithTheSort() {
    String[] pool = new String[40];
    for (int i = 0; i < pool.length; i++) {
      pool[i] = "key" + i;
    }
    Random random = new Random(8785);
    // 600 sequences over 256 slots, each met ~33 times: hits, misses and slots taken over.
    String[][] sequences = new String[600][];
    for (int s = 0; s < sequences.length; s++) {
      sequences[s] = new String[2 + random.nextInt(15)];
      for (int i = 0; i < sequences[s].length; i++) {
        sequences[s][i] = pool[random.nextInt(pool.length)];
      }
    }
    for (int n = 0; n < 20_000; n++) {
      JsonObjectNode object = object(sequences[random.nextInt(sequences.length)]);
      assertThat(orders.of(object)).isEqualTo(object.sortedOrder());
    }
  }
}
