package docplanner.feed.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonTest {

  @Test
  void readsEveryKindOfValue() {
    Object value = Json.parse(" {\"a\":[1,-2.5e3,true,false,null],\"b\":{\"c\":\"x\\\"\\u00e9\\n\"},\"d\":{}, \"e\":[]} ");
    assertEquals(Map.of("a", Arrays.asList(new BigDecimal("1"), new BigDecimal("-2.5e3"), true, false, null),
        "b", Map.of("c", "x\"é\n"), "d", Map.of(), "e", List.of()), value);
  }

  @Test
  void membersAreTheRawTextOfEachValue() {
    assertEquals(Map.of("id", "\"1-0\"", "n", "{\"x\": 1.50, \"y\":[ ]}", "k", "9007199254740993"),
        Json.members("{\"id\":\"1-0\", \"n\":{\"x\": 1.50, \"y\":[ ]},\"k\":9007199254740993}"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "{\"a\":}", "[1,]", "01", "\"\\x\"", "{\"a\":1} x", "tru", "\"a\nb\""})
  void refusesWhatIsNotJson(String text) {
    assertThrows(IllegalArgumentException.class, () -> Json.parse(text));
  }

  @Test
  void quotesWhatItWrites() {
    assertEquals("\"a\\\"b\\\\c\\n\\u0001\"", Json.quote("a\"b\\c\n\u0001"));
    assertEquals("[\"1-0\",\"2-0\"]", Json.quoteAll(List.of("1-0", "2-0")));
    assertEquals("a\"b\\c\n\u0001", Json.parse(Json.quote("a\"b\\c\n\u0001")));
  }
}
