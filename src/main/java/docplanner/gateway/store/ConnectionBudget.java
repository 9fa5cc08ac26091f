package docplanner.gateway.store;

/**
 * How many event-loop instances the servers run and how many Redis connections that takes, derived
 * from each other so that no link ever waits for a pooled connection. Every push instance holds two
 * links (pushes, health probe), every feed instance two (history reads, health probe), and the
 * process a few of its own (the stream reader, the puller, the releaser); each link keeps one
 * connection for good, and while Redis is unreachable it may have a few more on the way (a
 * handshake nobody answers holds its socket until the read-idle timeout).
 *
 * @param pushInstances instances of the push server
 * @param feedInstances instances of the feed server
 * @param fixedLinks    links held once per process
 */
public record ConnectionBudget(int pushInstances, int feedInstances, int fixedLinks) {

  /**
   * Instances when the configuration says 0: one per core, at most this many. Past a handful of
   * cores the servers are bound by Redis and the network, not by event loops, and each instance
   * costs two Redis connections per replica.
   */
  public static final int DEFAULT_INSTANCE_CAP = 16;

  /**
   * @param push    push.instances (0: one per core, capped)
   * @param feed    feed.instances (0: one per two cores, at least one, capped)
   * @param pull    whether the puller runs
   * @param release whether the releaser runs
   */
  public static ConnectionBudget of(int push, int feed, boolean pull, boolean release, int cores) {
    return new ConnectionBudget(instances(push, cores), instances(feed, cores / 2), 1 + (pull ? 1 : 0) + (release ? 1 : 0));
  }

  /**
   * Feed instances default to half the cores: an event's delivery to all the subscribers of an
   * instance is one thread's burst of writes, and with an instance on every core those bursts take
   * all of them at once, while Redis, the push loops and the subscribers' own reads wait. On two
   * cores one feed loop (the stream reader on the other) lowered the gateway's own p99 from push to
   * last write with the Node subscribers in every run and the CPU per delivery in most, left the
   * end-to-end p99 within the runs' noise, and still delivered everything to 1,000 subscribers at
   * 200 events/s (docs/performance.md, twelfth round).
   */
  static int instances(int configured, int cores) {
    return configured > 0 ? configured : Math.max(1, Math.min(cores, DEFAULT_INSTANCE_CAP));
  }

  public ConnectionBudget {
    if (pushInstances < 1 || feedInstances < 1 || fixedLinks < 0) {
      throw new IllegalArgumentException("instances must be positive: push " + pushInstances + ", feed " + feedInstances);
    }
  }

  /** Links the process holds: one pooled connection each. */
  public int links() {
    return 2 * pushInstances + 2 * feedInstances + fixedLinks;
  }

  /** The pool: every link's connection plus room for each to have three attempts on the way. */
  public int poolSize() {
    return 4 * links();
  }

  /** Connection requests allowed to queue for the pool (never needed while links fit, kept bounded). */
  public int poolWaiting() {
    return links();
  }

  @Override
  public String toString() {
    return links() + " Redis links (2 x " + pushInstances + " push + 2 x " + feedInstances + " feed + "
        + fixedLinks + " more), pool of " + poolSize();
  }
}
