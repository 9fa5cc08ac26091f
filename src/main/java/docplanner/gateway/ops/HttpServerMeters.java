package docplanner.gateway.ops;

import io.vertx.core.http.HttpMethod;
import docplanner.gateway.http.MethodTags;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MetricsNaming;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@code vertx_http_server_*} request series (requests, response time and bytes, request bytes,
 * active requests, resets, active WebSockets), with the names, labels ({@code method}, bounded by
 * {@link MethodTags}, and {@code code}) and descriptions Vert.x gives them, but each meter looked up
 * once per method and status instead of once per request: Vert.x builds tags and asks the registry
 * for four meters on every request, ~2 µs of a push's CPU (a twentieth of it) on this hot path.
 * One instance per registry, shared by every HTTP server of the process (their series add up, as
 * with Vert.x's own).
 */
public final class HttpServerMeters {

  private static final String METHOD = Label.HTTP_METHOD.toString();
  private static final String CODE = Label.HTTP_CODE.toString();
  private static final int FIRST_STATUS = 100;
  private static final int LAST_STATUS = 599;

  private final MeterRegistry registry;
  private final MetricsNaming names;
  private final List<String> methods;
  // Plain arrays, read without a barrier on every request: both meter classes have only final
  // fields, so a thread that sees a slot filled by another sees it whole (final-field semantics);
  // one that sees it empty registers again and gets the same meters from the registry. As
  // AtomicReferenceArrays, the status slot's read drew 3 % of the push loop's CPU samples (0.9 µs
  // per push at c256), far more than a load costs: most likely a cache line shared with data another
  // loop writes; the plain read took it out of the profile (docs/performance.md, seventh round).
  private final MethodMeters[] byMethod;
  private final ResponseMeters[] responses;
  /** Statuses outside 100-599 (a handler may set any number): rare, kept apart. */
  private final ConcurrentMap<String, ResponseMeters> unusualResponses = new ConcurrentHashMap<>();
  private final LongAdder webSockets = new LongAdder();
  private volatile boolean webSocketGauge;

  /** @param naming the Vert.x metrics naming in use (MicrometerMetricsOptions#getMetricsNaming) */
  public HttpServerMeters(MeterRegistry registry, MetricsNaming naming) {
    this.registry = registry;
    this.names = naming.withBaseName(MetricsDomain.HTTP_SERVER.getPrefix());
    this.methods = MethodTags.labels();
    this.byMethod = new MethodMeters[methods.size()];
    this.responses = new ResponseMeters[methods.size() * (LAST_STATUS - FIRST_STATUS + 1)];
  }

  /** The meters of a request method (any method outside the standard ones counts as "other"). */
  MethodMeters method(HttpMethod method) {
    int index = MethodTags.index(method);
    MethodMeters meters = byMethod[index];
    return meters != null ? meters : registerMethod(index);
  }

  /**
   * A method's meters on its first request (as Vert.x does: no series before): under a lock, so
   * that the active-requests gauge registered is the one whose counter the requests move.
   */
  private synchronized MethodMeters registerMethod(int index) {
    MethodMeters meters = byMethod[index];
    if (meters == null) {
      meters = new MethodMeters(index, methods.get(index));
      byMethod[index] = meters;
    }
    return meters;
  }

  /** The open WebSockets' counter; its gauge appears with the first WebSocket, as with Vert.x. */
  LongAdder webSockets() {
    if (!webSocketGauge) {
      registerWebSocketGauge();
    }
    return webSockets;
  }

  private synchronized void registerWebSocketGauge() {
    if (!webSocketGauge) {
      Gauge.builder(names.getHttpActiveWsConnections(), webSockets, LongAdder::doubleValue)
          .description("Number of websockets currently opened")
          .strongReference(true)
          .register(registry);
      webSocketGauge = true;
    }
  }

  /** Per method: active requests, request sizes, resets; and the way to its per-status meters. */
  final class MethodMeters {
    private final int index;
    private final String label;
    final LongAdder active = new LongAdder();
    final DistributionSummary requestBytes;

    private MethodMeters(int index, String label) {
      this.index = index;
      this.label = label;
      Gauge.builder(names.getHttpActiveRequests(), active, LongAdder::doubleValue)
          .description("Number of requests being processed")
          .tag(METHOD, label)
          .strongReference(true)
          .register(registry);
      this.requestBytes = DistributionSummary.builder(names.getHttpRequestBytes())
          .description("Size of requests in bytes")
          .tag(METHOD, label)
          .register(registry);
    }

    /** Registered on the first reset (the registry hands a racing thread the same counter). */
    void reset() {
      Counter.builder(names.getHttpRequestResetsCount())
          .description("Number of request resets")
          .tag(METHOD, label)
          .register(registry)
          .increment();
    }

    /** Registered on a status's first answer (idempotent: a racing thread gets the same meters). */
    ResponseMeters response(int status) {
      if (status < FIRST_STATUS || status > LAST_STATUS) {
        return unusualResponses.computeIfAbsent(label + ' ' + status, k -> new ResponseMeters(label, status));
      }
      int slot = index * (LAST_STATUS - FIRST_STATUS + 1) + status - FIRST_STATUS;
      ResponseMeters meters = responses[slot];
      if (meters == null) {
        meters = new ResponseMeters(label, status);
        responses[slot] = meters;
      }
      return meters;
    }
  }

  /** Per method and status: answers, their time and their size. */
  final class ResponseMeters {
    private final Counter requests;
    private final Timer time;
    private final DistributionSummary bytes;

    private ResponseMeters(String method, int status) {
      String code = String.valueOf(status);
      this.requests = Counter.builder(names.getHttpRequestsCount())
          .description("Number of processed requests")
          .tag(METHOD, method).tag(CODE, code)
          .register(registry);
      this.time = Timer.builder(names.getHttpResponseTime())
          .description("Request processing time")
          .tag(METHOD, method).tag(CODE, code)
          .register(registry);
      this.bytes = DistributionSummary.builder(names.getHttpResponseBytes())
          .description("Size of responses in bytes")
          .tag(METHOD, method).tag(CODE, code)
          .register(registry);
    }

    void record(long nanos, long bytesWritten) {
      requests.increment();
      time.record(nanos, TimeUnit.NANOSECONDS);
      bytes.record(bytesWritten);
    }
  }
}
