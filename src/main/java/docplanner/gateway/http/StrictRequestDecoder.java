package docplanner.gateway.http;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpMessage;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;

/**
 * Vert.x's HTTP/1 request decoder, except that a request with both {@code Content-Length} and
 * {@code Transfer-Encoding: chunked} is marked invalid instead of silently dropping the length
 * (Netty's default): RFC 9112 §6.3 says such a message must be treated as an error and the
 * connection closed, since a proxy in front may have framed it the other way (request smuggling).
 * An invalid request goes to the server's invalid-request handler, which answers 400 and closes.
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {

  /** The pipeline name Vert.x gives its decoder. */
  static final String NAME = "httpDecoder";

  StrictRequestDecoder(HttpServerOptions options) {
    super(options);
  }

  @Override
  protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    message.setDecoderResult(DecoderResult.failure(new AmbiguousFraming()));
    super.handleTransferEncodingChunkedWithContentLength(message);
  }

  /** The request had both a Content-Length and a chunked Transfer-Encoding. */
  static final class AmbiguousFraming extends IllegalArgumentException {
    AmbiguousFraming() {
      super("Content-Length together with Transfer-Encoding", null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }
}
