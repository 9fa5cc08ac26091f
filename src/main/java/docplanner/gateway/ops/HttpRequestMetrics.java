package docplanner.gateway.ops;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.TCPMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;

import java.util.concurrent.atomic.LongAdder;

/**
 * One HTTP server's metrics: its requests counted on the shared {@link HttpServerMeters}, its
 * connections (active connections, bytes read and written, errors) left to Vert.x's own metrics of
 * the same server. Same series and same semantics as Vert.x's: a request is active from its first
 * byte until both it has been read and its response written (or it was reset).
 *
 * @param <S> the connection metric of Vert.x's own server metrics
 */
final class HttpRequestMetrics<S> implements HttpServerMetrics<HttpRequestMetrics.Request, LongAdder, S> {

  private final TCPMetrics<S> connections;
  private final HttpServerMeters meters;

  HttpRequestMetrics(TCPMetrics<S> connections, HttpServerMeters meters) {
    this.connections = connections;
    this.meters = meters;
  }

  @Override
  public Request requestBegin(S socketMetric, HttpRequest request) {
    return begin(request.method());
  }

  @Override
  public Request responsePushed(S socketMetric, HttpMethod method, String uri, HttpResponse response) {
    return begin(method);
  }

  private Request begin(HttpMethod method) {
    Request request = new Request(meters.method(method));
    request.method.active.increment();
    return request;
  }

  @Override
  public void requestEnd(Request request, HttpRequest httpRequest, long bytesRead) {
    request.method.requestBytes.record(bytesRead);
    request.requestEnded = true;
    if (request.done()) {
      request.method.active.decrement();
    }
  }

  @Override
  public void responseEnd(Request request, HttpResponse response, long bytesWritten) {
    request.method.response(response.statusCode()).record(System.nanoTime() - request.start, bytesWritten);
    request.responseEnded = true;
    if (request.done()) {
      request.method.active.decrement();
    }
  }

  @Override
  public void requestReset(Request request) {
    request.method.reset();
    request.method.active.decrement();
    request.reset = true;
  }

  @Override
  public LongAdder connected(S socketMetric, Request request, ServerWebSocket webSocket) {
    LongAdder open = meters.webSockets();
    open.increment();
    return open;
  }

  @Override
  public void disconnected(LongAdder webSockets) {
    webSockets.decrement();
  }

  // The connection itself: Vert.x's own metrics (no per-request work there).

  @Override
  public S connected(SocketAddress remoteAddress, String remoteName) {
    return connections.connected(remoteAddress, remoteName);
  }

  @Override
  public void disconnected(S socketMetric, SocketAddress remoteAddress) {
    connections.disconnected(socketMetric, remoteAddress);
  }

  @Override
  public void bytesRead(S socketMetric, SocketAddress remoteAddress, long numberOfBytes) {
    connections.bytesRead(socketMetric, remoteAddress, numberOfBytes);
  }

  @Override
  public void bytesWritten(S socketMetric, SocketAddress remoteAddress, long numberOfBytes) {
    connections.bytesWritten(socketMetric, remoteAddress, numberOfBytes);
  }

  @Override
  public void exceptionOccurred(S socketMetric, SocketAddress remoteAddress, Throwable t) {
    connections.exceptionOccurred(socketMetric, remoteAddress, t);
  }

  @Override
  public void close() {
    connections.close();
  }

  /** A request in flight; touched by its connection's event loop only. */
  static final class Request {
    private final HttpServerMeters.MethodMeters method;
    private final long start = System.nanoTime();
    private boolean requestEnded;
    private boolean responseEnded;
    private boolean reset;

    private Request(HttpServerMeters.MethodMeters method) {
      this.method = method;
    }

    /** Read and answered (a reset request was taken off the active ones when it was reset). */
    private boolean done() {
      return requestEnded && responseEnded && !reset;
    }
  }
}
