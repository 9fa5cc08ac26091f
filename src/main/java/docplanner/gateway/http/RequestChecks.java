package docplanner.gateway.http;

import docplanner.gateway.web.Problem;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What every request on both ports must get right before any route sees it; each refusal is a 400
 * (or 417) problem after which the connection is closed, since the rest of such a request cannot be
 * trusted to be framed as we think.
 */
final class RequestChecks {

  private RequestChecks() {
  }

  /** The problem with {@code request}, or null when it may go on. */
  static Problem check(HttpServerRequest request) {
    String path = request.path();
    if (path == null || !path.startsWith("/")) {
      // GET *, GET health/live, CONNECT host:port: not a resource of ours (RFC 9112 §3.2).
      return new Problem(400, "invalid-target", "Invalid request target",
          "the request target must be an absolute path starting with /");
    }
    // Header names as prepared constants (their hash kept): a request without the header, every push,
    // pays one lookup each.
    List<String> codings = request.headers().contains(HttpHeaders.TRANSFER_ENCODING)
        ? request.headers().getAll(HttpHeaders.TRANSFER_ENCODING) : List.of();
    if (!codings.isEmpty() && (codings.size() > 1 || !codings.get(0).trim().equalsIgnoreCase("chunked"))) {
      // chunked, identity / gzip, chunked / identity / two lines: codings we do not decode, framed
      // in ways a proxy in front may read differently (RFC 9112 §6.1).
      return new Problem(400, "unsupported-transfer-encoding", "Unsupported Transfer-Encoding",
          "Transfer-Encoding must be exactly chunked, or absent");
    }
    String expect = request.getHeader(HttpHeaders.EXPECT);
    if (expect != null && !expect.trim().equalsIgnoreCase("100-continue")) {
      return new Problem(417, "expectation-failed", "Expectation not supported",
          "the only expectation supported is Expect: 100-continue");
    }
    if (!decodes(request.uri())) {
      return new Problem(400, "malformed-query", "Malformed query string",
          "the query string has an invalid percent-encoding (such as %zz)");
    }
    return null;
  }

  /** True when the client announced a body and waits for 100 Continue before sending it. */
  static boolean expectsContinue(HttpServerRequest request) {
    String expect = request.getHeader(HttpHeaders.EXPECT);
    return expect != null && request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD
        && expect.trim().equalsIgnoreCase("100-continue");
  }

  /** Whether the path and query string percent-decode (what routing and getParam would do later, throwing). */
  private static boolean decodes(String uri) {
    if (uri.indexOf('%') < 0) {
      return true; // only a percent-encoding can fail to decode
    }
    try {
      QueryStringDecoder decoder = new QueryStringDecoder(uri, StandardCharsets.UTF_8, true, 1024, true);
      decoder.path();
      decoder.parameters();
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
