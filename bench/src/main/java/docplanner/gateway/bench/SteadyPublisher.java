package docplanner.gateway.bench;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Pushes unique slot-booked notifications at a steady rate on a schedule fixed in advance, each
 * carrying its send time in {@code data.bench_sent_ns}. Tick i goes out on keep-alive connection
 * i mod {@link #CONNECTIONS}, each driven by its own thread with plain blocking HTTP/1.1: the send
 * time is taken right before the bytes are written, so nothing of the client's own queueing is in
 * the latency. A connection whose previous push is still unanswered sends its next tick late (the
 * others are not held up); ticks that could not be sent before the end are counted as late.
 */
final class SteadyPublisher implements Runnable {

  /** Enough that a push acknowledged in up to CONNECTIONS periods (160 ms at 200/s) keeps the rate. */
  static final int CONNECTIONS = 32;

  private final URI target;
  private final SlotBookedBodies bodies;
  private final String series;
  private final long periodNanos;
  private final long start;
  private final long windowStart;
  private final long windowEnd;

  private final AtomicLong acceptedInWindow = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong late = new AtomicLong();
  /** Send -> acknowledgement read, of the pushes sent in the window: the ingest part of the latency. */
  private final Histogram ackMicros = new Histogram(120_000_000L, 3);
  private volatile String firstRefusal;

  /** Publishes from {@code start} to {@code windowEnd} (all {@link SendTime}); the window is what counts. */
  SteadyPublisher(URI target, SlotBookedBodies bodies, String series, double ratePerSecond, long start,
                  long windowStart, long windowEnd) {
    this.target = target;
    this.bodies = bodies;
    this.series = series;
    this.periodNanos = (long) (1_000_000_000L / ratePerSecond);
    this.start = start;
    this.windowStart = windowStart;
    this.windowEnd = windowEnd;
  }

  @Override
  public void run() {
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < CONNECTIONS; c++) {
      int first = c;
      Thread t = new Thread(() -> publish(first), "publisher-" + c);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void publish(int first) {
    JsonPoster connection = null;
    for (long i = first; ; i += CONNECTIONS) {
      long due = start + i * periodNanos;
      if (due >= windowEnd) {
        break;
      }
      long wait;
      while ((wait = due - SendTime.now()) > 0) {
        LockSupport.parkNanos(wait);
      }
      long sent = SendTime.now();
      if (sent >= windowEnd) {
        late.incrementAndGet();
        continue;
      }
      byte[] body = bodies.body(series, i, ",\"" + SseSubscribers.FIELD + "\":" + sent);
      try {
        if (connection == null) {
          connection = new JsonPoster(target);
        }
        int status = connection.post(body);
        if (status / 100 == 2) {
          if (sent >= windowStart) {
            acceptedInWindow.incrementAndGet();
            recordAck((SendTime.now() - sent) / 1_000);
          }
        } else {
          refuse("HTTP " + status);
        }
      } catch (IOException e) {
        refuse(e.toString());
        JsonPoster.close(connection);
        connection = null;
      }
    }
    JsonPoster.close(connection);
  }

  private void recordAck(long micros) {
    synchronized (ackMicros) {
      ackMicros.recordValue(Math.min(micros, ackMicros.getHighestTrackableValue()));
    }
  }

  /** Acknowledgement latency (µs) of the pushes sent in the window; read once publishing is over. */
  Histogram ackMicros() {
    synchronized (ackMicros) {
      return ackMicros.copy();
    }
  }

  private void refuse(String why) {
    refused.incrementAndGet();
    if (firstRefusal == null) {
      firstRefusal = why;
    }
  }

  /** Events acknowledged (2xx) whose send time is in the window: what every subscriber should get. */
  long acceptedInWindow() {
    return acceptedInWindow.get();
  }

  long refused() {
    return refused.get();
  }

  /** Ticks that came too late to be sent in the window (the server or this machine could not keep up). */
  long late() {
    return late.get();
  }

  String firstRefusal() {
    return firstRefusal;
  }
}
