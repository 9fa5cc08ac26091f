package docplanner.gateway.faults;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import docplanner.gateway.support.faults.FaultLoad;
import docplanner.gateway.support.faults.FaultLoad.Shape;
import docplanner.gateway.support.faults.FaultLoad.Target;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.internal.VertxInternal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A slow event loop (not a slow socket): every event loop of the gateway is stalled for 150 ms out
 * of every 200 ms while pushes and subscribers run, as a saturated or starved host would. Slower
 * answers are expected; losing, repeating or reordering anything is not.
 */
class SlowEventLoopFaultIT {

  private static final String STREAM = "faults:slow-loop";
  private static final long STALL_MS = 150;

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  @Test
  void stalledEventLoopsSlowTheGatewayDownWithoutLosingOrRepeatingAnything() throws Exception {
    ScheduledExecutorService injector = Executors.newSingleThreadScheduledExecutor();
    try (Gateway gateway = TestGateways.start(redis.url(), Map.of("stream.key", STREAM));
         FaultLoad load = FaultLoad.start("slow-event-loop", Shape.DEFAULT, Target.of(gateway))) {
      load.around(() -> {
        injector.scheduleAtFixedRate(() -> {
          for (EventExecutor loop : ((VertxInternal) gateway.vertx()).nettyEventLoopGroup()) {
            loop.execute(SlowEventLoopFaultIT::stall);
          }
        }, 0, 200, TimeUnit.MILLISECONDS);
        load.awaitAckedDuringFault(1_000);
        injector.shutdownNow();
      }, () -> FaultLoad.stream(redis.port(), STREAM));
    } finally {
      injector.shutdownNow();
    }
  }

  /** Holds the calling event loop as a long synchronous task on it would (parked, so the test does not burn a shared core). */
  private static void stall() {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STALL_MS);
    while (System.nanoTime() < until) {
      LockSupport.parkNanos(1_000_000);
    }
  }
}
