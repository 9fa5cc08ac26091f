package docplanner.gateway.store;

/**
 * How many event-loop instances the servers run and how many Redis connections that takes, derived
 * from each other so that no link ever waits for a pooled connection. Every push instance holds two
 * links (pushes, health probe), every feed instance three (history reads, health probe, its stream
 * reader's blocking reads), and the process one each for the puller and the releaser when they
 * run; each link keeps one connection for good, and while Redis is unreachable it may have a few
 * more on the way (a handshake nobody answers holds its socket until the read-idle timeout).
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
   * @param feed    feed.instances (0: one per core, capped)
   * @param pull    whether the puller runs
   * @param release whether the releaser runs
   */
  public static ConnectionBudget of(int push, int feed, boolean pull, boolean release, int cores) {
    return new ConnectionBudget(instances(push, cores), instances(feed, cores), (pull ? 1 : 0) + (release ? 1 : 0));
  }

  /**
   * Both servers default to an instance per core. A feed instance reads the stream itself, on its
   * own loop, so an event's delivery is one burst of writes per core, each to that core's share of
   * the subscribers, with no hand-over between threads: on two cores the gateway's own time from
   * push to last write fell by a fifth to a third at the median against one feed loop fed by a
   * reader on the other loop (docs/performance.md, fifteenth round).
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
    return 2 * pushInstances + 3 * feedInstances + fixedLinks;
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
    return links() + " Redis links (2 x " + pushInstances + " push + 3 x " + feedInstances + " feed + "
        + fixedLinks + " more), pool of " + poolSize();
  }
}
