package docplanner.feed.client;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One delivered event: the gateway's feed envelope
 * {@code {"id","name","source","received_at","fingerprint",["verdict","verdict_by",]["group","deliveries",]"notification"}}
 * with typed accessors. The notification (Docplanner's own envelope, {@code name}, {@code data},
 * {@code created_at}) is kept as the raw JSON the gateway sent ({@link #notificationJson()}) for
 * a JSON library of your choice, with small accessors for the common paths.
 */
public final class FeedEvent {

  private final String json;
  private final Map<String, Object> envelope;
  private final String notificationJson;

  private FeedEvent(String json, Map<String, Object> envelope, String notificationJson) {
    this.json = json;
    this.envelope = envelope;
    this.notificationJson = notificationJson;
  }

  /** Reads an envelope; {@link IllegalArgumentException} when it is not one (no {@code id} or {@code name}). */
  @SuppressWarnings("unchecked")
  public static FeedEvent parse(String json) {
    Object parsed = Json.parse(json);
    if (!(parsed instanceof Map<?, ?> map) || !(map.get("id") instanceof String) || !(map.get("name") instanceof String)) {
      throw new IllegalArgumentException("not a feed envelope (no id or name): " + abbreviate(json));
    }
    String notification = Json.members(json).getOrDefault("notification", "null");
    return new FeedEvent(json, (Map<String, Object>) map, notification);
  }

  /** The stream id ({@code 1795839373028-0}): resume after it with {@code since}. */
  public String id() {
    return (String) envelope.get("id");
  }

  /** The notification name as sent ({@code slot-booked}, or a name this client does not know). */
  public String name() {
    return (String) envelope.get("name");
  }

  /** {@link #name()} as a constant; {@link EventName#UNKNOWN} for a name this client does not know. */
  public EventName eventName() {
    return EventName.of(name());
  }

  /** How the gateway got it: {@code push} or {@code pull}. */
  public String source() {
    return text("source").orElse("push");
  }

  /** When Redis stored it. */
  public Instant receivedAt() {
    return Instant.parse((String) envelope.get("received_at"));
  }

  /** The hex SHA-256 of the notification's canonical form (copies have the same one). */
  public String fingerprint() {
    return text("fingerprint").orElse("");
  }

  /** {@code approved} or {@code denied}, for the two approval events ({@code slot-booking}, {@code booking-moving}). */
  public Optional<String> verdict() {
    return text("verdict");
  }

  /** Who decided the verdict: {@code policy}, {@code approver}, {@code fallback} or {@code timeout}. */
  public Optional<String> verdictBy() {
    return text("verdict_by");
  }

  /** The consumer group this was delivered to; empty on a broadcast subscription. */
  public Optional<String> group() {
    return text("group");
  }

  /** How many times the group delivered it (2 and more: a redelivery); 1 on a broadcast subscription. */
  public int deliveries() {
    return envelope.get("deliveries") instanceof BigDecimal n ? n.intValue() : 1;
  }

  /** The whole envelope, as received. */
  public String json() {
    return json;
  }

  /** The notification ({@code {"name","data","created_at"}}) as the gateway sent it. */
  public String notificationJson() {
    return notificationJson;
  }

  /** The notification's {@code data} as maps, lists, strings, {@link BigDecimal}s, booleans and nulls. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> data() {
    return path("notification", "data") instanceof Map<?, ?> data ? (Map<String, Object>) data : Map.of();
  }

  /**
   * A string or number inside the notification's {@code data} as text, e.g.
   * {@code dataText("visit_booking", "id")}; empty when the path is absent or not a scalar.
   */
  public Optional<String> dataText(String... path) {
    String[] full = new String[path.length + 2];
    full[0] = "notification";
    full[1] = "data";
    System.arraycopy(path, 0, full, 2, path.length);
    Object value = path(full);
    if (value instanceof BigDecimal n) {
      return Optional.of(n.toPlainString());
    }
    return value instanceof String || value instanceof Boolean ? Optional.of(value.toString()) : Optional.empty();
  }

  /** {@code data.facility.id}, when present. */
  public Optional<String> facilityId() {
    return dataText("facility", "id");
  }

  /** {@code data.doctor.id}, when present. */
  public Optional<String> doctorId() {
    return dataText("doctor", "id");
  }

  @Override
  public String toString() {
    return name() + " " + id();
  }

  private Optional<String> text(String key) {
    return envelope.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
  }

  private Object path(String... keys) {
    Object at = envelope;
    for (String key : keys) {
      if (!(at instanceof Map<?, ?> map)) {
        return null;
      }
      at = map.get(key);
    }
    return at;
  }

  static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }
}
