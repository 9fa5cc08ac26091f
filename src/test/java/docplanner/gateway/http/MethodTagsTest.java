package docplanner.gateway.http;

import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A method found by identity has the index its name has, for every method Vert.x knows and one it does not. */
class MethodTagsTest {

  @Test
  void aMethodAndItsNameHaveTheSameIndex() {
    for (HttpMethod method : HttpMethod.values()) {
      assertThat(MethodTags.index(method)).as(method.name()).isEqualTo(MethodTags.index(method.name()));
    }
    assertThat(MethodTags.index(HttpMethod.valueOf("BREW"))).isEqualTo(MethodTags.labels().indexOf("other"));
    assertThat(MethodTags.labels().get(MethodTags.index(HttpMethod.POST))).isEqualTo("POST");
    assertThat(MethodTags.labels().get(MethodTags.index(HttpMethod.GET))).isEqualTo("GET");
  }
}
