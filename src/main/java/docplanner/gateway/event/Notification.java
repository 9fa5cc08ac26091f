package docplanner.gateway.event;

/**
 * A validated Docplanner notification as it enters the store: the fields the feed filters on,
 * its content fingerprint, and the original envelope as compact JSON (whitespace removed, nothing
 * else changed, so unknown fields and events pass through untouched).
 *
 * @param name        the event name ({@code slot-booked}, ...); unknown names are kept
 * @param facilityId  {@code data.facility.id}, or "" when absent
 * @param doctorId    {@code data.doctor.id}, or "" when absent
 * @param fingerprint SHA-256 (hex) of the RFC 8785 canonical form of the whole envelope
 * @param body        the envelope, compact JSON (UTF-8). An array, not a Buffer, because the Redis
 *                    client takes an array as it is but copies a Buffer's bytes: it is written once
 *                    and never changed.
 */
public record Notification(String name, String facilityId, String doctorId, String fingerprint, byte[] body) {
}
