package docplanner.gateway.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;

/**
 * Pushes the events through the load balancer at a steady rate, as Docplanner would: each event
 * until it is acknowledged with a 2xx; an answer of 502/503/504 or a broken connection (a replica
 * dying or stopping) is retried, as Docplanner's retries and hourly release would re-send it.
 * With several endpoints (replicas without a load balancer in front) each retry goes to the next.
 */
public final class Pusher {

  /** Told of every attempt: status 0 when the connection broke; id null unless 2xx. */
  public interface Attempts {
    void attempted(int n, int status, String id, long startNanos, long tookNanos);
  }


  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2))
      .build();
  private final List<URI> endpoints;
  private final SlotBookedEvents events;
  private final int total;
  private final double perSecond;
  private final AtomicInteger next = new AtomicInteger();
  /** Event number → the stream id of its 2xx acknowledgement. */
  public final Map<Integer, String> acked = new ConcurrentHashMap<>();
  public final AtomicInteger ackedDuplicates = new AtomicInteger();
  public final AtomicInteger retries = new AtomicInteger();
  public final AtomicInteger failures = new AtomicInteger();
  public final AtomicLong attempts = new AtomicLong();
  private volatile Attempts listener = (n, status, id, start, took) -> { };
  /** Which event numbers may start now (lets the driver hold pushing while a restart is not done). */
  private volatile IntPredicate gate = n -> true;

  Pusher(URI endpoint, SlotBookedEvents events, int total, double perSecond) {
    this(List.of(endpoint), events, total, perSecond);
  }

  public Pusher(List<URI> endpoints, SlotBookedEvents events, int total, double perSecond) {
    this.endpoints = List.copyOf(endpoints);
    this.events = events;
    this.total = total;
    this.perSecond = perSecond;
  }

  public void onAttempt(Attempts attempts) {
    this.listener = attempts;
  }

  public void gate(IntPredicate mayStart) {
    this.gate = mayStart;
  }

  public int ackedCount() {
    return acked.size();
  }

  /** Pushes every event with {@code threads} workers; returns when all are acknowledged or given up. */
  public void run(int threads, long deadlineMillis) throws InterruptedException {
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) {
      pool.execute(() -> {
        int n;
        while ((n = next.getAndIncrement()) < total) {
          long due = start + (long) (n * 1e9 / perSecond);
          while (System.nanoTime() < due || !gate.test(n)) {
            FeedSubscriber.sleep(2);
          }
          pushUntilAcknowledged(n, deadlineMillis);
        }
      });
    }
    pool.shutdown();
    pool.awaitTermination(Math.max(1, deadlineMillis - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
    pool.shutdownNow();
  }

  private void pushUntilAcknowledged(int n, long deadlineMillis) {
    String body = events.body(n);
    int attempt = 0;
    while (System.currentTimeMillis() < deadlineMillis) {
      if (attempt > 0) {
        retries.incrementAndGet();
        FeedSubscriber.sleep(200);
      }
      HttpRequest request = HttpRequest.newBuilder(endpoints.get((n + attempt++) % endpoints.size()))
          .timeout(Duration.ofSeconds(10))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body))
          .build();
      attempts.incrementAndGet();
      long start = System.nanoTime();
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        String id = null;
        if (response.statusCode() / 100 == 2) {
          String answer = response.body();
          int at = answer.indexOf("\"id\":\"") + 6;
          id = answer.substring(at, answer.indexOf('"', at));
        }
        listener.attempted(n, response.statusCode(), id, start, System.nanoTime() - start);
        if (id != null) {
          String answer = response.body();
          acked.put(n, id);
          if (answer.contains("\"duplicate\":true")) {
            ackedDuplicates.incrementAndGet();
          }
          return;
        }
        if (response.statusCode() != 502 && response.statusCode() != 503 && response.statusCode() != 504) {
          failures.incrementAndGet();
          System.err.println("e2e: push " + n + " answered " + response.statusCode() + ": " + response.body());
          return;
        }
      } catch (IOException e) {
        listener.attempted(n, 0, null, start, System.nanoTime() - start);
        // the connection broke (a replica died mid-request): send it again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    failures.incrementAndGet();
  }
}
