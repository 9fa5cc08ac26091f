package docplanner.gateway.faults;

import ch.qos.logback.classic.spi.ILoggingEvent;
import docplanner.gateway.Gateway;
import docplanner.gateway.ingest.PushHandler;
import docplanner.gateway.support.CapturedLog;
import docplanner.gateway.support.DedupeKeys;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import docplanner.gateway.support.faults.FaultLoad;
import docplanner.gateway.support.faults.FaultLoad.Shape;
import docplanner.gateway.support.faults.FaultLoad.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis full ({@code maxmemory} reached with {@code noeviction}) under load: pushes are answered
 * 503 with a log line that names the cause, nothing is half-written (no dedupe key without its
 * entry: a retry would then be acknowledged as a duplicate of an id that does not exist), and
 * every push gets through once memory is raised again.
 */
class RedisMemoryFaultIT {

  private static final String STREAM = "faults:memory";
  private static final java.time.Duration WINDOW = java.time.Duration.ofDays(14); // the default

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  @RegisterExtension
  final CapturedLog log = new CapturedLog(PushHandler.class);

  @Test
  void maxmemoryWithNoevictionMeans503sAClearLogLineNothingHalfWrittenAndRecovery() throws Exception {
    redis.command("CONFIG", "SET", "maxmemory-policy", "noeviction");
    try (Gateway gateway = TestGateways.start(redis.url(), Map.of("stream.key", STREAM, "push.store-timeout", "1s"));
         FaultLoad load = FaultLoad.start("redis-maxmemory", Shape.DEFAULT, Target.of(gateway))) {
      load.around(() -> {
        long used = Long.parseLong(info("used_memory"));
        redis.command("CONFIG", "SET", "maxmemory", String.valueOf(used + 256 * 1024));
        load.awaitRefusals(50);
        redis.command("CONFIG", "SET", "maxmemory", "0");
      }, () -> FaultLoad.stream(redis.port(), STREAM));
    } finally {
      redis.command("CONFIG", "SET", "maxmemory", "0");
    }
    assertThat(log.lines()).extracting(ILoggingEvent::getFormattedMessage)
        .anyMatch(line -> line.contains("answered 503") && line.contains("OOM"));
    // Every remembered fingerprint is of an entry that is in the stream (the checker saw every acked id there).
    assertThat(DedupeKeys.remembered(redis, STREAM, WINDOW)).isEqualTo(Long.parseLong(redis.command("XLEN", STREAM)));
  }

  private static String info(String field) {
    for (String line : redis.command("INFO", "memory").split("\r?\n")) {
      if (line.startsWith(field + ":")) {
        return line.substring(field.length() + 1).trim();
      }
    }
    throw new AssertionError("no " + field + " in INFO memory");
  }
}
