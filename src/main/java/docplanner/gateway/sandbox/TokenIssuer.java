package docplanner.gateway.sandbox;

import docplanner.gateway.web.Secrets;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The OAuth2 client-credentials side: checks the one configured client, issues random bearer
 * tokens with a lifetime, and tells the API whether a presented token is valid, expired or
 * unknown. Bounded: beyond {@code maxTokens} expired tokens are forgotten first, then the oldest.
 * Confined to one event loop.
 */
final class TokenIssuer {

  /** What a presented bearer token is. */
  enum Validity { VALID, EXPIRED, UNKNOWN }

  /** A token handed out, and its lifetime in seconds (the answer's {@code expires_in}). */
  record Issued(String accessToken, long expiresIn) {
  }

  private final String clientId;
  private final String clientSecret;
  private final Duration lifetime;
  private final SandboxClock clock;
  private final int maxTokens;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Instant> expiries = new LinkedHashMap<>();

  TokenIssuer(String clientId, String clientSecret, Duration lifetime, SandboxClock clock, int maxTokens) {
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.lifetime = lifetime;
    this.clock = clock;
    this.maxTokens = maxTokens;
  }

  /** A new token for the presented credentials, or null when they are not the configured client's. */
  Issued issue(String presentedId, String presentedSecret) {
    // Both compared in constant time, and both always compared.
    boolean idMatches = Secrets.equal(presentedId, clientId);
    boolean secretMatches = Secrets.equal(presentedSecret, clientSecret);
    if (!(idMatches & secretMatches)) {
      return null;
    }
    byte[] bytes = new byte[48];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    makeRoom();
    expiries.put(token, clock.now().plus(lifetime));
    return new Issued(token, lifetime.toSeconds());
  }

  Validity check(String token) {
    Instant expiresAt = token == null ? null : expiries.get(token);
    if (expiresAt == null) {
      return Validity.UNKNOWN;
    }
    return clock.now().isBefore(expiresAt) ? Validity.VALID : Validity.EXPIRED;
  }

  /** The client every valid token belongs to (there is one configured client). */
  String clientId() {
    return clientId;
  }

  /** Forgets every token: the next API call with any of them gets 401. */
  int revokeAll() {
    int count = expiries.size();
    expiries.clear();
    return count;
  }

  int size() {
    return expiries.size();
  }

  private void makeRoom() {
    if (expiries.size() < maxTokens) {
      return;
    }
    Instant now = clock.now();
    expiries.values().removeIf(expiresAt -> !now.isBefore(expiresAt));
    Iterator<String> oldest = expiries.keySet().iterator();
    while (expiries.size() >= maxTokens && oldest.hasNext()) {
      oldest.next();
      oldest.remove();
    }
  }
}
