package docplanner.gateway.http;

import docplanner.gateway.ops.ThrottledLog;
import docplanner.gateway.web.Problem;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error answer of both ports as {@code application/problem+json}, never Vert.x's own HTML
 * page, empty body or stack trace. Nothing a client sent (request line, query string with its
 * {@code access_token}, headers) is echoed or logged.
 */
public final class ErrorAnswers {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorAnswers.class);
  private static final ThrottledLog FAILED = ThrottledLog.warn(LOG);

  private ErrorAnswers() {
  }

  /** Problem answers for what a router answers by itself: no route, wrong method, a failed handler. */
  public static void install(Router router) {
    router.errorHandler(400, ctx -> send(ctx, new Problem(400, "bad-request", "Bad request", "the request is malformed")));
    router.errorHandler(404, ctx -> send(ctx, new Problem(404, "not-found", "Not found", "no such endpoint")));
    router.errorHandler(405, ctx -> send(ctx, new Problem(405, "method-not-allowed", "Method not allowed",
        "this endpoint does not answer " + MethodTags.label(ctx.request().method().name()))));
    router.errorHandler(413, ctx -> send(ctx, new Problem(413, "body-too-large", "Body too large", "the body is too large")));
    router.errorHandler(415, ctx -> send(ctx, new Problem(415, "unsupported-media-type", "Unsupported media type",
        "this endpoint does not take that media type")));
    router.errorHandler(500, ctx -> {
      Throwable failure = ctx.failure();
      // The class and where it was thrown only: exception messages may quote the request.
      FAILED.log("answered 500 to {} on {}: {} at {}", MethodTags.label(ctx.request().method().name()),
          ctx.currentRoute() == null ? "-" : ctx.currentRoute().getName(),
          failure == null ? "no exception" : failure.getClass().getName(),
          failure == null || failure.getStackTrace().length == 0 ? "-" : failure.getStackTrace()[0]);
      send(ctx, new Problem(500, "internal-error", "Internal error",
          "the gateway could not answer this request; the failure was logged"));
    });
  }

  /**
   * Vert.x's invalid-request handler (a request the HTTP decoder refused: a malformed request line,
   * headers too long, Content-Length with chunked), as problems; the connection is closed after.
   */
  public static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    Problem problem;
    if (cause instanceof TooLongHttpLineException) {
      problem = new Problem(414, "uri-too-long", "Request line too long", "the request line is too long");
    } else if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
      problem = new Problem(431, "headers-too-large", "Request headers too large", "the request headers are too large");
    } else if (cause instanceof StrictRequestDecoder.AmbiguousFraming) {
      problem = new Problem(400, "ambiguous-framing", "Ambiguous message framing",
          "Content-Length and Transfer-Encoding must not both be sent (RFC 9112 §6.3)");
    } else if (cause instanceof StrictRequestDecoder.UnsupportedVersion) {
      problem = new Problem(505, "http-version-not-supported", "HTTP version not supported",
          "this server speaks HTTP/1.0 and 1.1 only; cleartext HTTP/2 is not offered");
    } else {
      problem = new Problem(400, "bad-request", "Bad request", "the request could not be parsed as HTTP/1.1");
    }
    sendThenClose(request, problem);
  }

  /** Answers with {@code problem}, then closes the connection (what follows on it cannot be trusted). */
  public static void sendThenClose(HttpServerRequest request, Problem problem) {
    HttpServerResponse response = request.response();
    if (response.ended() || response.closed() || response.headWritten()) {
      request.connection().close();
      return;
    }
    Buffer body = problem.toJson().toBuffer();
    response.setStatusCode(problem.status())
        .putHeader("Content-Type", Problem.MEDIA_TYPE)
        .putHeader("Content-Length", String.valueOf(body.length()))
        .putHeader("Connection", "close")
        .end(body)
        .onComplete(ar -> request.connection().close());
  }

  private static void send(RoutingContext ctx, Problem problem) {
    problem.send(ctx.response());
  }
}
