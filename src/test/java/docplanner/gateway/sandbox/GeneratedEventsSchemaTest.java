package docplanner.gateway.sandbox;

import docplanner.gateway.support.Schemas;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever the sandbox generates matches the published schemas (docs/schemas), for many seeds. */
class GeneratedEventsSchemaTest {

  @Test
  void everyGeneratedEventMatchesTheEnvelopeAndItsDataSchema() {
    Set<String> names = new HashSet<>();
    for (long seed = 1; seed <= 25; seed++) {
      EventGenerator generator = EventGeneratorTest.generator(seed, 0.1);
      for (int i = 0; i < 400; i++) {
        EventGenerator.Generated generated = generator.next();
        String body = generated.body().toString();
        assertThat(Schemas.errors(Schemas.NOTIFICATION, body)).as("seed %d event %d: %s", seed, i, body).isEmpty();
        String data = new JsonObject(body).getJsonObject("data").encode();
        assertThat(Schemas.errors(Schemas.eventData(generated.name()), data)).as("seed %d event %d", seed, i).isEmpty();
        names.add(generated.name());
      }
    }
    assertThat(names).hasSize(17);
  }
}
