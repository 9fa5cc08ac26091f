package docplanner.gateway.store;

import java.nio.charset.StandardCharsets;

/** Field names of a stream entry; readable, because operators look at the stream with redis-cli. */
public final class EntryFields {
  public static final String NAME = "name";
  public static final String SOURCE = "source";
  public static final String FINGERPRINT = "fingerprint";
  public static final String FACILITY = "facility";
  public static final String DOCTOR = "doctor";
  public static final String VERDICT = "verdict";
  public static final String NOTIFICATION = "notification";

  static final byte[] NAME_BYTES = NAME.getBytes(StandardCharsets.US_ASCII);
  static final byte[] SOURCE_BYTES = SOURCE.getBytes(StandardCharsets.US_ASCII);
  static final byte[] FINGERPRINT_BYTES = FINGERPRINT.getBytes(StandardCharsets.US_ASCII);
  static final byte[] FACILITY_BYTES = FACILITY.getBytes(StandardCharsets.US_ASCII);
  static final byte[] DOCTOR_BYTES = DOCTOR.getBytes(StandardCharsets.US_ASCII);
  static final byte[] VERDICT_BYTES = VERDICT.getBytes(StandardCharsets.US_ASCII);
  static final byte[] NOTIFICATION_BYTES = NOTIFICATION.getBytes(StandardCharsets.US_ASCII);

  private EntryFields() {
  }
}
