package docplanner.gateway.store;

/** Field names of a stream entry; readable, because operators look at the stream with redis-cli. */
public final class EntryFields {
  public static final String NAME = "name";
  public static final String SOURCE = "source";
  /** Written by earlier versions only (now computed by the feed from the notification); still read. */
  public static final String FINGERPRINT = "fingerprint";
  public static final String FACILITY = "facility";
  public static final String DOCTOR = "doctor";
  /** Only on entries that have a verdict (the two gated events). */
  public static final String VERDICT = "verdict";
  public static final String NOTIFICATION = "notification";

  private EntryFields() {
  }
}
