package docplanner.gateway.ingest;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class JsonMinifierTest {

  private static String minify(String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    return new String(JsonMinifier.minify(bytes, 0, bytes.length), StandardCharsets.UTF_8);
  }

  @Test
  void removesWhitespaceBetweenTokensOnly() {
    assertThat(minify(" {\r\n\t\"a b\" : [ 1 , 2.50 , \"x \\\" y\" ] ,\"c\\\\\" : \" \" } "))
        .isEqualTo("{\"a b\":[1,2.50,\"x \\\" y\"],\"c\\\\\":\" \"}");
  }

  @Test
  void leavesCompactJsonAndUnicodeUntouched() {
    String compact = "{\"n\":\"żółć \\u0041\",\"v\":5e1}";
    assertThat(minify(compact)).isEqualTo(compact);
  }
}
