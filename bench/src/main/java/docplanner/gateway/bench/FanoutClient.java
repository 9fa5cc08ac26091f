package docplanner.gateway.bench;

/**
 * The subscriber side of the fan-out case, whichever client implements it: the Java NIO client
 * ({@link JavaFanoutClient}) or Node subscribers in their own process ({@link NodeFanoutClient}).
 * Times are {@link SendTime} nanoseconds.
 */
interface FanoutClient {

  /** Subscriptions streaming now. */
  int connected();

  /** Subscriptions that never streamed, and why the first one did not. */
  int failed();

  String firstFailure();

  /** Events whose send time is in [start, end) are counted and timed. */
  void window(long start, long end);

  /** Waits until {@code expected} events of the window arrived, summed over subscribers, or {@code deadline}. */
  void drain(long expected, long deadline) throws Exception;

  /** CPU the client has used so far, in microseconds (what is included: see the implementations). */
  long cpuMicros();

  /** CPU of the thread reading the sockets alone, in microseconds, or -1 when it is not told apart. */
  long readerCpuMicros();

  /** What the scheduler did with the thread reading the sockets so far ({@link ThreadSched#UNKNOWN} when unreadable). */
  ThreadSched readerSched();

  /** After {@link #drain}: stops the subscribers and tells what they got. */
  Deliveries finish() throws Exception;

  /**
   * @param clockErrors deliveries that seemed to arrive before they were sent (clocks disagreeing; timed as 0)
   */
  record Deliveries(long delivered, int disconnected, double p50Ms, double p99Ms, double maxMs, long clockErrors) {
  }
}
