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
 * A request line of any version but HTTP/1.0 and 1.1 (an HTTP/2 preface: h2c is not offered) is
 * marked invalid too, so that it gets a problem answer rather than Vert.x's empty 501.
 * An invalid request goes to the server's invalid-request handler, which answers and closes.
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {

  /** The pipeline name Vert.x gives its decoder. */
  static final String NAME = "httpDecoder";

  StrictRequestDecoder(HttpServerOptions options) {
    super(options);
  }

  /** Set by the request line, acted upon once the headers are read (the decoder resets the result before). */
  private boolean unsupportedVersion;

  @Override
  protected HttpMessage createMessage(String[] initialLine) {
    String version = initialLine[2];
    unsupportedVersion = !version.equals("HTTP/1.1") && !version.equals("HTTP/1.0");
    if (unsupportedVersion) {
      initialLine[2] = "HTTP/1.1"; // answered in a version the client may read
    }
    return super.createMessage(initialLine);
  }

  @Override
  protected boolean isContentAlwaysEmpty(HttpMessage message) {
    if (unsupportedVersion && message != null) {
      unsupportedVersion = false;
      message.setDecoderResult(DecoderResult.failure(new UnsupportedVersion()));
    }
    return super.isContentAlwaysEmpty(message);
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

  /** The request line named an HTTP version other than 1.0 and 1.1. */
  static final class UnsupportedVersion extends IllegalArgumentException {
    UnsupportedVersion() {
      super("HTTP version not supported", null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }
}
