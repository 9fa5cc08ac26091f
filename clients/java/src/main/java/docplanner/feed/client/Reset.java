package docplanner.feed.client;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway could not continue exactly where this subscriber was: reconcile instead of trusting
 * local state.
 * <ul>
 *   <li>Broadcast: the resume id is older than what the stream retains ({@code trimmed}) or was
 *   never in it ({@code unknown}); everything retained follows ({@link #requested()}, {@link #oldest()}).</li>
 *   <li>Group: events pending for the group were trimmed before they were acknowledged; they are
 *   gone ({@link #lost()}, or only {@link #lostCount()}) and the gateway acknowledged them.</li>
 * </ul>
 */
public final class Reset {

  private final String json;
  private final Map<?, ?> fields;

  Reset(String json, Map<?, ?> fields) {
    this.json = json;
    this.fields = fields;
  }

  /** {@code trimmed} or {@code unknown}. */
  public String reason() {
    return text("reason").orElse("unknown");
  }

  /** The id the subscriber asked to resume after (broadcast). */
  public Optional<String> requested() {
    return text("requested");
  }

  /** The oldest id still retained (broadcast). */
  public Optional<String> oldest() {
    return text("oldest");
  }

  /** The group whose pending events were lost (group mode). */
  public Optional<String> group() {
    return text("group");
  }

  /** The ids lost, when the gateway listed them. */
  public List<String> lost() {
    return fields.get("lost") instanceof List<?> ids
        ? ids.stream().filter(String.class::isInstance).map(String.class::cast).toList()
        : List.of();
  }

  /** How many events were lost: the count the gateway gave, else the number of ids listed. */
  public int lostCount() {
    return fields.get("lost") instanceof BigDecimal n ? n.intValue() : lost().size();
  }

  /** The reset message, as received. */
  public String json() {
    return json;
  }

  @Override
  public String toString() {
    return json;
  }

  private Optional<String> text(String key) {
    return fields.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
  }
}
