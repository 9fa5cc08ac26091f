package docplanner.gateway.ingest;

import docplanner.gateway.web.Problem;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/** Reads a request body of at most {@code max} bytes; a larger one fails with a 413 problem as soon as it shows. */
final class BoundedBody {

  private BoundedBody() {
  }

  static Future<Buffer> read(HttpServerRequest request, int max) {
    String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    long length = -1;
    if (declared != null) {
      try {
        length = Long.parseLong(declared.trim());
      } catch (NumberFormatException e) {
        length = -1;
      }
    }
    if (length > max) {
      return Future.failedFuture(tooLarge(max));
    }
    if (length >= 0) {
      return request.body(); // the HTTP codec never reads past Content-Length
    }
    Promise<Buffer> promise = Promise.promise();
    Buffer body = Buffer.buffer(1024);
    request.handler(chunk -> {
      if (promise.future().isComplete()) {
        return;
      }
      if (body.length() + chunk.length() > max) {
        promise.tryFail(tooLarge(max));
        return;
      }
      body.appendBuffer(chunk);
    });
    request.exceptionHandler(promise::tryFail);
    request.endHandler(v -> promise.tryComplete(body));
    return promise.future();
  }

  /**
   * After an early 413: reads and drops what the client still sends, so that it sees the answer
   * instead of a connection reset, but no more than {@code limit} bytes before closing.
   */
  static void discardRest(HttpServerRequest request, int limit) {
    if (request.isEnded()) {
      return;
    }
    long[] discarded = {0};
    request.handler(chunk -> {
      discarded[0] += chunk.length();
      if (discarded[0] > limit) {
        request.connection().close();
      }
    });
    request.endHandler(v -> request.connection().close());
    request.resume();
  }

  private static Problem tooLarge(int max) {
    return new Problem(413, "body-too-large", "Body too large",
        "the body exceeds push.max-body (" + max + " bytes)");
  }
}
