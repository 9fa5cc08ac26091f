package docplanner.gateway.ingest;

import docplanner.gateway.bench.SlotBookedBodies;
import docplanner.gateway.event.Notification;
import io.vertx.core.buffer.Buffer;
import org.erdtman.jcs.JsonCanonicalizer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;

/**
 * Per-push CPU work on a realistic slot-booked body (~0.95 KB, one line): the gateway's whole parse
 * (validation, RFC 8785 canonical form, SHA-256, compact copy) against the RFC 8785 reference
 * implementation's canonicalization plus SHA-256 of the same bytes. Run with {@code -prof gc} for
 * the bytes allocated per push.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class NotificationParserBench {

  private NotificationParser parser;
  private Buffer body;
  private byte[] bytes;
  private MessageDigest sha256;

  @Setup
  public void setUp() throws NoSuchAlgorithmException {
    bytes = SlotBookedBodies.load().body("jmh", 123_456, "");
    body = Buffer.buffer(bytes);
    parser = new NotificationParser();
    sha256 = MessageDigest.getInstance("SHA-256");
  }

  /** What the push handler does with a body before the Redis call. */
  @Benchmark
  public Notification gatewayParse() {
    return parser.parse(body);
  }

  /** The same without the fast path (Jackson's tokens, decoded and encoded again): what the fast path saves. */
  @Benchmark
  public Notification gatewayParseJacksonPath() {
    return parser.parseWithJackson(body);
  }

  /** The reference: org.erdtman.jcs parses and canonicalizes, then SHA-256 of the result. */
  @Benchmark
  public byte[] referenceJcsSha256() throws IOException {
    return sha256.digest(new JsonCanonicalizer(bytes).getEncodedUTF8());
  }
}
