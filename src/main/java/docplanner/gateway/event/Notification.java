package docplanner.gateway.event;

import io.vertx.core.buffer.Buffer;

/**
 * A validated Docplanner notification as it enters the store: the fields the feed filters on,
 * its content fingerprint, and the original envelope as compact JSON (whitespace removed, nothing
 * else changed, so unknown fields and events pass through untouched).
 *
 * @param name        the event name ({@code slot-booked}, ...); unknown names are kept
 * @param facilityId  {@code data.facility.id}, or "" when absent
 * @param doctorId    {@code data.doctor.id}, or "" when absent
 * @param fingerprint SHA-256 (hex) of the RFC 8785 canonical form of the whole envelope
 * @param body        the envelope, compact JSON
 */
public record Notification(String name, String facilityId, String doctorId, String fingerprint, Buffer body) {
}
