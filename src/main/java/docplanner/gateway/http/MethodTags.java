package docplanner.gateway.http;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code method} label of the HTTP metrics, from a fixed set: any method name a client makes up
 * is {@code other}. Vert.x would otherwise turn each made-up method into a new series (and a new
 * entry in Micrometer's and Vert.x's own meter maps, before any token or source check): ~200k
 * requests took the heap. A Micrometer MeterFilter would rename the series but not those maps, so
 * the label is computed here, before any meter is looked up; its name and values stay as before.
 */
public final class MethodTags {

  /** The label values, in a fixed order ({@link #index}): the standard methods, then "other". */
  private static final List<String> LABELS =
      List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "other");
  static final Set<String> KNOWN = Set.copyOf(LABELS.subList(0, LABELS.size() - 1));
  private static final String LABEL = Label.HTTP_METHOD.toString();

  private MethodTags() {
  }

  /** Replaces Vert.x's own method label (the raw method) by the bounded one. */
  public static MicrometerMetricsOptions bounded(MicrometerMetricsOptions options) {
    Set<Label> labels = options.getLabels().isEmpty() ? EnumSet.noneOf(Label.class) : EnumSet.copyOf(options.getLabels());
    labels.remove(Label.HTTP_METHOD);
    return options.setLabels(labels)
        .setServerRequestTagsProvider(MethodTags::tags)
        .setClientRequestTagsProvider(MethodTags::tags);
  }

  static Iterable<Tag> tags(HttpRequest request) {
    return Tags.of(LABEL, label(request.method().name()));
  }

  static String label(String method) {
    return KNOWN.contains(method) ? method : "other";
  }

  /** Every value the label takes; {@link #index} gives a method's position here. */
  public static List<String> labels() {
    return LABELS;
  }

  /** As {@link #index(String)}: a push's POST and a subscriber's GET by identity, without hashing the name. */
  public static int index(HttpMethod method) {
    if (method == HttpMethod.POST) {
      return 2;
    }
    if (method == HttpMethod.GET) {
      return 0;
    }
    return index(method.name());
  }

  /** The position of a method's label in {@link #labels}: no lookup in a map, no string built. */
  public static int index(String method) {
    return switch (method) {
      case "GET" -> 0;
      case "HEAD" -> 1;
      case "POST" -> 2;
      case "PUT" -> 3;
      case "DELETE" -> 4;
      case "PATCH" -> 5;
      case "OPTIONS" -> 6;
      case "TRACE" -> 7;
      case "CONNECT" -> 8;
      default -> 9;
    };
  }
}
