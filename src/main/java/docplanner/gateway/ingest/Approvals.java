package docplanner.gateway.ingest;

import docplanner.gateway.config.ApprovalSettings;
import docplanner.gateway.config.ApprovalSettings.Gate;
import docplanner.gateway.event.Notification;
import docplanner.gateway.event.Verdict;
import docplanner.gateway.event.Verdict.DecidedBy;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.json.JsonObject;
import docplanner.gateway.ops.ThrottledLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Decides the answer to the blocking events (slot-booking, booking-moving), per the configured
 * policy: approve, deny, or delegate to an internal approver under a deadline, falling back to the
 * configured verdict when it is slow or failing. Non-blocking events get no verdict (null).
 */
public final class Approvals {

  private static final Logger LOG = LoggerFactory.getLogger(Approvals.class);
  // A down or failing approver affects every blocking event: a few lines, not one per booking.
  private static final ThrottledLog APPROVER_FAILED = ThrottledLog.warn(LOG);
  static final int DEFAULT_ERROR_CODE = 1;

  private final ApprovalSettings settings;
  private final WebClient client;

  /** @param client used only for delegate policies; may be null when none is configured */
  public Approvals(ApprovalSettings settings, WebClient client) {
    this.settings = settings;
    this.client = client;
  }

  /** Whether any gate asks an approver (so the caller knows to create a web client). */
  public static boolean delegates(ApprovalSettings settings) {
    return settings.gates().values().stream().anyMatch(g -> g.policy() == ApprovalSettings.Policy.DELEGATE);
  }

  /** Whether {@code eventName} is one of the approval gates. */
  public boolean isBlocking(String eventName) {
    return settings.gate(eventName) != null;
  }

  /** The verdict for {@code notification}, or a succeeded null when it is not a blocking event. Never fails. */
  public Future<Verdict> decide(Notification notification) {
    Gate gate = settings.gate(notification.name());
    if (gate == null) {
      return Future.succeededFuture();
    }
    return switch (gate.policy()) {
      case APPROVE -> Future.succeededFuture(Verdict.approve(DecidedBy.POLICY));
      case DENY -> Future.succeededFuture(Verdict.deny(DecidedBy.POLICY, DEFAULT_ERROR_CODE));
      case DELEGATE -> ask(gate, notification);
    };
  }

  private Future<Verdict> ask(Gate gate, Notification notification) {
    long timeoutMs = gate.timeout().toMillis();
    return client.postAbs(gate.url())
        .timeout(timeoutMs)
        .putHeader("Content-Type", "application/json")
        .putHeader("X-Docplanner-Event", notification.name())
        .putHeader("X-Gateway-Fingerprint", notification.fingerprint())
        .sendBuffer(Buffer.buffer(notification.body()))
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .map(response -> fromApprover(gate, notification, response))
        .otherwise(error -> {
          APPROVER_FAILED.log("approver for {} did not answer within {} ms ({}); using fallback {}", notification.name(),
              timeoutMs, error.getMessage(), gate.fallback().name().toLowerCase());
          return fallback(gate);
        });
  }

  private static Verdict fromApprover(Gate gate, Notification notification, HttpResponse<Buffer> response) {
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return Verdict.approve(DecidedBy.APPROVER);
    }
    if (status >= 400 && status < 500) {
      return Verdict.deny(DecidedBy.APPROVER, errorCode(response.body()));
    }
    APPROVER_FAILED.log("approver for {} answered {}; using fallback {}", notification.name(), status,
        gate.fallback().name().toLowerCase());
    return fallback(gate);
  }

  /** Stored for a blocking event that reached Redis after its push was answered 503 (a refusal to Docplanner). */
  static Verdict timedOut() {
    return Verdict.deny(DecidedBy.TIMEOUT, DEFAULT_ERROR_CODE);
  }

  private static Verdict fallback(Gate gate) {
    return gate.fallback() == ApprovalSettings.Fallback.APPROVE
        ? Verdict.approve(DecidedBy.FALLBACK)
        : Verdict.deny(DecidedBy.FALLBACK, DEFAULT_ERROR_CODE);
  }

  /** The approver's {@code {"error_code": N}}, passed on to Docplanner; 1 when absent or unreadable. */
  static int errorCode(Buffer body) {
    if (body == null || body.length() == 0) {
      return DEFAULT_ERROR_CODE;
    }
    try {
      Object code = new JsonObject(body).getValue("error_code");
      return code instanceof Number n ? n.intValue() : DEFAULT_ERROR_CODE;
    } catch (RuntimeException e) {
      return DEFAULT_ERROR_CODE;
    }
  }
}
