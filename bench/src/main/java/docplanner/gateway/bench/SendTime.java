package docplanner.gateway.bench;

/**
 * The clock of the fan-out measurement: publisher and subscribers run in one JVM, so the send time
 * put in each event and the receive time come from the same monotonic clock (nanoseconds, positive).
 */
final class SendTime {

  private static final long ORIGIN = System.nanoTime() - 1;

  private SendTime() {
  }

  static long now() {
    return System.nanoTime() - ORIGIN;
  }
}
