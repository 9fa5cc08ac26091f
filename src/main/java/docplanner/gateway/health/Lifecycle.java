package docplanner.gateway.health;

/**
 * Whether the process is still taking traffic. Shutdown flips it first, before any server stops,
 * so readiness answers 503 at once and load balancers stop routing here while in-flight work ends.
 * Read from every event loop, written once.
 */
public final class Lifecycle {

  private volatile boolean stopping;

  public void beginStopping() {
    stopping = true;
  }

  public boolean stopping() {
    return stopping;
  }
}
