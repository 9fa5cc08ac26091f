package docplanner.gateway.sandbox;

import io.vertx.core.Vertx;

/**
 * Feeds generated events in at a steady rate per second of real time (not sandbox time: moving
 * the clock three days ahead must not produce three days of events). Fractions carry over, so
 * 0.5 per second is one event every other second. The rate can change while it runs.
 */
final class GeneratorLoop {

  static final long TICK_MS = 100;

  /** How many events a steady rate owes after some elapsed time, carrying fractions. */
  static final class Pace {
    private double owed;

    int due(double perSecond, long elapsedNanos) {
      owed += perSecond * elapsedNanos / 1e9;
      // The epsilon keeps 20 ticks of 0.05 from summing to 0.9999999 and losing an event.
      int whole = (int) Math.min(owed + 1e-9, 10_000);
      owed -= whole;
      return whole;
    }

    void reset() {
      owed = 0;
    }
  }

  private final Vertx vertx;
  private final SimulatedDocplanner docplanner;
  private final Pace pace = new Pace();
  private double rate;
  private long timer = -1;
  private long last;

  GeneratorLoop(Vertx vertx, SimulatedDocplanner docplanner, double rate) {
    this.vertx = vertx;
    this.docplanner = docplanner;
    this.rate = rate;
  }

  void start() {
    if (timer >= 0) {
      return;
    }
    last = System.nanoTime();
    pace.reset();
    timer = vertx.setPeriodic(TICK_MS, id -> {
      long now = System.nanoTime();
      int due = pace.due(rate, now - last);
      last = now;
      for (int i = 0; i < due; i++) {
        docplanner.generate(SimulatedDocplanner.Delivery.BOTH);
      }
    });
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  double rate() {
    return rate;
  }

  void rate(double perSecond) {
    this.rate = perSecond;
  }
}
