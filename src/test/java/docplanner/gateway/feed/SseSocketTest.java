package docplanner.gateway.feed;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.Http1xServerConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * {@link SseSocket}'s own writes, on a real server and a real socket: a live event's shared chunk
 * goes into the socket with one system call when nothing is queued, and when the socket takes
 * only part of it the rest, and every write after it, follow through Netty in order.
 */
class SseSocketTest {

  private Vertx vertx;
  private HttpServer server;
  /** The stream's socket, once a client has subscribed. */
  private CompletableFuture<SseSocket> opened;
  /** Its HTTP encoder's place in the pipeline, where {@link SseSocket} writes through it. */
  private volatile ChannelHandlerContext encoder;

  @BeforeEach
  void startServer() throws Exception {
    vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    assumeThat(vertx.isNativeTransportEnabled()).as("the epoll transport (Linux)").isTrue();
    opened = new CompletableFuture<>();
    server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setIdleTimeout(60))
        .requestHandler(request -> {
          request.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
          request.response().write(Buffer.buffer(": open\n\n"));
          encoder = ((Http1xServerConnection) request.connection()).channelHandlerContext().pipeline().context("httpEncoder");
          opened.complete(SseSocket.of(request));
        })
        .listen(0)
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aChunkGoesStraightIntoTheSocketWhenNothingIsQueued() throws Exception {
    try (Subscribed subscribed = subscribe()) {
      SseSocket socket = subscribed.socket();
      InputStream in = subscribed.in();
      byte[] event = "id: 1-0\ndata: {}\n\n".getBytes(StandardCharsets.US_ASCII);
      ByteBuf chunk = shared(event);

      Future<Void> written = onLoop(socket, s -> s.writeShared(chunk));

      assertThat(written.succeeded()).as("done when written, with no callback to wait for").isTrue();
      assertThat(socket.directWrites()).isEqualTo(1);
      assertThat(chunk.readerIndex()).as("the shared chunk is not moved").isZero();
      assertThat(in.readNBytes(event.length)).isEqualTo(event);
    }
  }

  @Test
  void aChunkWaitsBehindBytesQueuedBeforeIt() throws Exception {
    try (Subscribed subscribed = subscribe()) {
      SseSocket socket = subscribed.socket();
      InputStream in = subscribed.in();
      byte[] queued = "queued first\n".getBytes(StandardCharsets.US_ASCII);
      byte[] event = "id: 2-0\ndata: {}\n\n".getBytes(StandardCharsets.US_ASCII);
      ByteBuf chunk = shared(event);

      // Bytes written but not yet flushed (as Vert.x leaves a write made while it reads), then a chunk.
      Future<Void> written = onLoop(socket, s -> {
        encoder.write(Unpooled.wrappedBuffer(queued));
        Future<Void> write = s.writeShared(chunk);
        encoder.flush();
        return write;
      });

      written.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(socket.directWrites()).isZero();
      assertThat(new String(in.readNBytes(queued.length + event.length), StandardCharsets.US_ASCII))
          .isEqualTo("queued first\nid: 2-0\ndata: {}\n\n");
    }
  }

  @Test
  void whatTheSocketDoesNotTakeFollowsThroughTheConnectionInOrder() throws Exception {
    try (Subscribed subscribed = subscribe()) {
      SseSocket socket = subscribed.socket();
      InputStream in = subscribed.in();
      // The client reads nothing yet: chunks of 256 KiB, each of its own byte, until the socket
      // takes only part of one; then three more, which must queue behind that part's rest.
      List<ByteBuf> chunks = new ArrayList<>();
      List<Future<Void>> writes = new ArrayList<>();
      long directBefore = 0;
      for (int i = 0; i < 200 && (writes.isEmpty() || writes.get(writes.size() - 1).succeeded()); i++) {
        ByteBuf chunk = shared(filled(256 * 1024, (byte) ('a' + i % 26)));
        chunks.add(chunk);
        directBefore = socket.directWrites();
        writes.add(onLoop(socket, s -> s.writeShared(chunk)));
      }
      assertThat(writes.get(writes.size() - 1).isComplete()).as("the socket took only part of a chunk").isFalse();
      long direct = socket.directWrites();
      assertThat(direct).as("the partial write went into the socket").isEqualTo(directBefore + 1);
      for (int i = 0; i < 3; i++) {
        ByteBuf chunk = shared(filled(1024, (byte) ('A' + i)));
        chunks.add(chunk);
        writes.add(onLoop(socket, s -> s.writeShared(chunk)));
      }
      assertThat(socket.directWrites()).as("nothing overtakes what is queued").isEqualTo(direct);

      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      for (ByteBuf chunk : chunks) {
        byte[] bytes = new byte[chunk.readableBytes()];
        chunk.getBytes(chunk.readerIndex(), bytes);
        expected.write(bytes);
      }
      assertThat(in.readNBytes(expected.size())).isEqualTo(expected.toByteArray());
      for (Future<Void> write : writes) {
        write.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
  }

  /** A raw subscriber past the stream's head, and the server's socket for its stream. */
  private record Subscribed(Socket client, InputStream in, SseSocket socket) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      client.close();
    }
  }

  private Subscribed subscribe() throws Exception {
    Socket client = new Socket();
    // A small window, so that the server's socket fills after a few chunks.
    client.setReceiveBufferSize(64 * 1024);
    client.connect(new java.net.InetSocketAddress("127.0.0.1", server.actualPort()));
    client.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
    client.getOutputStream().write("GET /events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
        .getBytes(StandardCharsets.US_ASCII));
    SseSocket socket = opened.get(10, TimeUnit.SECONDS);
    readHead(client.getInputStream());
    return new Subscribed(client, client.getInputStream(), socket);
  }

  /** Reads the response head and the first chunk (the ": open" comment). */
  private static void readHead(InputStream in) throws IOException {
    String seen = "";
    while (!seen.endsWith(": open\n\n\r\n")) {
      int b = in.read();
      assertThat(b).as("the stream's start").isNotNegative();
      seen += (char) b;
    }
    assertThat(seen).startsWith("HTTP/1.1 200");
  }

  /** Runs {@code write} on the connection's event loop, as the feed does, and returns its future. */
  private Future<Void> onLoop(SseSocket socket, Function<SseSocket, Future<Void>> write) throws Exception {
    CompletableFuture<Future<Void>> result = new CompletableFuture<>();
    socket.eventLoop().execute(() -> result.complete(write.apply(socket)));
    return result.get(10, TimeUnit.SECONDS);
  }

  /** A chunk as {@link EncodedEvent#inDirectMemory} makes it: direct and unreleasable. */
  private static ByteBuf shared(byte[] bytes) {
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length);
    direct.put(bytes).flip();
    return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct));
  }

  private static byte[] filled(int size, byte value) {
    byte[] bytes = new byte[size];
    java.util.Arrays.fill(bytes, value);
    return bytes;
  }
}
