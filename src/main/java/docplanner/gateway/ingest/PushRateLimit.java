package docplanner.gateway.ingest;

import docplanner.gateway.config.SecuritySettings;
import docplanner.gateway.web.Cidr;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code push.rate-limit}: a token bucket per sender (the client address after trusted proxies), so
 * that one client cannot fill Redis at line rate. Senders in {@code exempt} (Docplanner's own
 * addresses) are never limited. At most {@value #MAX_SOURCES} senders are remembered, the least
 * recently seen forgotten first (it comes back with a full bucket), so memory stays bounded
 * whatever addresses an attacker uses. Shared by the push server's event loops.
 */
public final class PushRateLimit {

  static final int MAX_SOURCES = 65_536;

  private final double perNano;
  private final double perSecond;
  private final int burst;
  private final List<Cidr> exempt;
  private final Map<String, double[]> buckets = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
      return size() > MAX_SOURCES;
    }
  };

  public PushRateLimit(SecuritySettings.RateLimit settings) {
    this.perSecond = settings.perSecond();
    this.perNano = settings.perSecond() / 1e9;
    this.burst = settings.burst();
    this.exempt = Cidr.parseAll(settings.exempt());
  }

  public boolean enabled() {
    return perSecond > 0;
  }

  /** 0 when {@code source} may push now (and a token is taken), else the whole seconds to wait. */
  long admit(String source, long nowNanos) {
    if (!enabled() || source == null || Cidr.any(exempt, source)) {
      return 0;
    }
    synchronized (buckets) {
      // [tokens, time of the last refill in nanoseconds]
      double[] bucket = buckets.computeIfAbsent(source, s -> new double[] {burst, nowNanos});
      double tokens = Math.min(burst, bucket[0] + (nowNanos - (long) bucket[1]) * perNano);
      bucket[1] = nowNanos;
      if (tokens >= 1) {
        bucket[0] = tokens - 1;
        return 0;
      }
      bucket[0] = tokens;
      return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
    }
  }

  int trackedSenders() {
    synchronized (buckets) {
      return buckets.size();
    }
  }
}
