package docplanner.gateway.event;

/**
 * A Redis Stream entry id ({@code <ms>-<seq>}), comparable without string tricks.
 * {@link #ZERO} sorts before every real entry.
 */
public record StreamId(long millis, long sequence) implements Comparable<StreamId> {

  public static final StreamId ZERO = new StreamId(0, 0);

  /** Parses {@code 1732770000000-3}, or {@code 1732770000000} (sequence 0); null when malformed. */
  public static StreamId parse(String text) {
    if (text == null || text.isEmpty() || text.length() > 41) {
      return null;
    }
    int dash = text.indexOf('-');
    try {
      if (dash < 0) {
        return new StreamId(Long.parseUnsignedLong(text), 0);
      }
      long ms = Long.parseUnsignedLong(text.substring(0, dash));
      long seq = Long.parseUnsignedLong(text.substring(dash + 1));
      return new StreamId(ms, seq);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public int compareTo(StreamId other) {
    int byMillis = Long.compareUnsigned(millis, other.millis);
    return byMillis != 0 ? byMillis : Long.compareUnsigned(sequence, other.sequence);
  }

  public boolean isAfter(StreamId other) {
    return compareTo(other) > 0;
  }

  @Override
  public String toString() {
    return Long.toUnsignedString(millis) + "-" + Long.toUnsignedString(sequence);
  }
}
