package docplanner.gateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * The Docplanner side: where the Integrations API and its token endpoint are, the client
 * credentials, and whether this gateway pulls the queue and calls release. Credentials are only
 * required when pull or release is on; {@link #toString()} never shows the secret.
 *
 * @param baseUrl  the API root without a trailing slash, or "" when neither pull nor release can run
 * @param tokenUrl the OAuth2 token endpoint, or "" likewise
 */
public record UpstreamSettings(
    String domain,
    String baseUrl,
    String tokenUrl,
    String clientId,
    String clientSecret,
    Duration connectTimeout,
    Duration requestTimeout,
    Duration tokenRenewal,
    Duration backoffInitial,
    Duration backoffMax,
    Pull pull,
    Release release) {

  /** Pulling the queue. */
  public record Pull(boolean enabled, Duration interval, Duration leaseTtl) {
  }

  /** Calling release for the push model; {@code interval} zero: only on demand ({@code POST /admin/release}). */
  public record Release(boolean enabled, Duration interval) {

    public boolean scheduled() {
      return !interval.isZero();
    }
  }

  /** Dot-separated DNS labels, at least two. */
  private static final String DOMAIN = "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+";

  static UpstreamSettings from(ConfigValues v) {
    String domain = v.string("upstream.domain");
    if (!domain.isEmpty() && !domain.matches(DOMAIN)) {
      throw ConfigValues.bad("upstream.domain", domain, "a domain name such as znanylekarz.pl (no scheme, no path)");
    }
    Pull pull = new Pull(v.bool("upstream.pull.enabled"), v.positiveDuration("upstream.pull.interval"),
        atLeast(v, "upstream.pull.lease-ttl", Duration.ofSeconds(1)));
    Release release = new Release(v.bool("upstream.release.enabled"), v.duration("upstream.release.interval"));
    boolean used = pull.enabled() || release.enabled();
    String what = pull.enabled() ? "upstream.pull.enabled" : "upstream.release.enabled";
    String baseUrl = url(v, "upstream.base-url", domain, "https://www.%s/api/v3/integration", used ? what : null);
    String tokenUrl = url(v, "upstream.token-url", domain, "https://www.%s/oauth/v2/token", used ? what : null);
    String clientId = v.string("upstream.client-id");
    String clientSecret = v.string("upstream.client-secret");
    if (used) {
      if (clientId.isEmpty()) {
        throw new ConfigException(what + " is true but upstream.client-id (env " + ConfigLoader.envName("upstream.client-id")
            + ") is empty: set the OAuth2 client id of your Docplanner integration");
      }
      if (clientSecret.isEmpty()) {
        throw new ConfigException(what + " is true but upstream.client-secret (env "
            + ConfigLoader.envName("upstream.client-secret") + ") is empty: set the OAuth2 client secret of your"
            + " Docplanner integration");
      }
    }
    Duration backoffInitial = v.positiveDuration("upstream.backoff.initial");
    Duration backoffMax = v.positiveDuration("upstream.backoff.max");
    if (backoffMax.compareTo(backoffInitial) < 0) {
      throw ConfigValues.bad("upstream.backoff.max", v.string("upstream.backoff.max"),
          "a duration not below upstream.backoff.initial (" + v.string("upstream.backoff.initial") + ")");
    }
    return new UpstreamSettings(domain, baseUrl, tokenUrl, clientId, clientSecret,
        v.positiveDuration("upstream.connect-timeout"), v.positiveDuration("upstream.request-timeout"),
        v.duration("upstream.token-renewal"), backoffInitial, backoffMax, pull, release);
  }

  /**
   * The configured URL, else the default built from the domain; "" when it cannot be built and is
   * not needed ({@code neededBy} null), an error naming {@code neededBy} when it is.
   */
  private static String url(ConfigValues v, String key, String domain, String pattern, String neededBy) {
    String url = v.string(key);
    if (url.isEmpty()) {
      if (domain.isEmpty()) {
        if (neededBy != null) {
          throw new ConfigException(neededBy + " is true but neither upstream.domain"
              + " (env " + ConfigLoader.envName("upstream.domain") + ") nor " + key + " (env " + ConfigLoader.envName(key)
              + ") is set: set the domain of your Docplanner marketplace, e.g. znanylekarz.pl");
        }
        return "";
      }
      return String.format(pattern, domain);
    }
    try {
      URI uri = new URI(url);
      if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
          || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
        throw ConfigValues.bad(key, url, "an http(s) URL without query, fragment or credentials");
      }
    } catch (URISyntaxException e) {
      throw ConfigValues.bad(key, url, "an http(s) URL");
    }
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static Duration atLeast(ConfigValues v, String key, Duration minimum) {
    Duration d = v.duration(key);
    if (d.compareTo(minimum) < 0) {
      throw ConfigValues.bad(key, v.string(key), "at least " + minimum.toMillis() + "ms");
    }
    return d;
  }

  /** The same settings talking to another Docplanner (the sandbox): its URLs and the client it accepts. */
  public UpstreamSettings withEndpoint(String newBaseUrl, String newTokenUrl, String newClientId, String newClientSecret) {
    return new UpstreamSettings(domain, newBaseUrl, newTokenUrl, newClientId, newClientSecret, connectTimeout,
        requestTimeout, tokenRenewal, backoffInitial, backoffMax, pull, release);
  }

  /** The same settings with release on, on demand only ({@code POST /admin/release}), as {@code --sandbox} has it. */
  public UpstreamSettings withReleaseOnDemand() {
    return new UpstreamSettings(domain, baseUrl, tokenUrl, clientId, clientSecret, connectTimeout, requestTimeout,
        tokenRenewal, backoffInitial, backoffMax, pull, new Release(true, java.time.Duration.ZERO));
  }

  /** Whether anything of the upstream side runs. */
  public boolean enabled() {
    return pull.enabled() || release.enabled();
  }

  @Override
  public String toString() {
    return "UpstreamSettings[domain=" + domain + ", baseUrl=" + baseUrl + ", tokenUrl=" + tokenUrl + ", clientId="
        + clientId + ", clientSecret=" + (clientSecret.isEmpty() ? "" : "***") + ", connectTimeout=" + connectTimeout
        + ", requestTimeout=" + requestTimeout + ", tokenRenewal=" + tokenRenewal + ", backoffInitial=" + backoffInitial
        + ", backoffMax=" + backoffMax + ", pull=" + pull + ", release=" + release + "]";
  }
}
