package docplanner.gateway.support;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The JSON Schemas published in docs/schemas, compiled with a maintained 2020-12 validator.
 * Every file is handed to the registry under its {@code $id}, so nothing is fetched from the
 * network and the {@code $ref}s between the files resolve to the repository's own copies.
 */
public final class Schemas {

  public static final Path DIR = Path.of("docs", "schemas");
  public static final String BASE = "https://docplanner-gateway.dev/schemas/";

  private static final SchemaRegistry REGISTRY = registry();

  private Schemas() {
  }

  public static final Schema NOTIFICATION = load("notification.json");
  public static final Schema FEED_ENVELOPE = load("feed-envelope.json");
  public static final Schema FEED_RESET = load("feed-reset.json");

  /** The schema of one event's {@code data}, e.g. {@code slot-booked}. */
  public static Schema eventData(String name) {
    return load("events/" + name + ".json");
  }

  /** Validation errors of {@code json} against {@code schema}, as readable lines (empty: valid). */
  public static List<String> errors(Schema schema, String json) {
    List<Error> errors = schema.validate(json, InputFormat.JSON);
    return errors.stream().map(Error::toString).toList();
  }

  private static Schema load(String relative) {
    Schema schema = REGISTRY.getSchema(SchemaLocation.of(BASE + relative));
    schema.initializeValidators(); // a $ref that does not resolve fails here, not silently later
    return schema;
  }

  private static SchemaRegistry registry() {
    Map<String, String> byId = new HashMap<>();
    try (Stream<Path> files = Files.walk(DIR)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        byId.put(BASE + DIR.relativize(file).toString().replace('\\', '/'), Files.readString(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, builder -> builder.schemas(byId));
  }
}
