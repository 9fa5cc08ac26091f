package docplanner.gateway.sandbox;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Why a push attempt failed, in the words a developer reading {@code /admin/attempts} or
 * {@code /admin/failed} uses ("connection refused by 127.0.0.1:9"), not the Java exception that
 * carried it ("ConnectException: Connection refused: /127.0.0.1:9").
 */
final class DeliveryFailure {

  private static final Pattern QUOTED = Pattern.compile("'([^']+)'");

  private DeliveryFailure() {
  }

  static String describe(Throwable error) {
    if (error instanceof TimeoutException) {
      return "timeout";
    }
    String message = error.getMessage() == null ? "" : error.getMessage();
    String lower = message.toLowerCase(Locale.ROOT);
    if (lower.contains("connection refused")) {
      return "connection refused" + peer(message);
    }
    if (error instanceof UnknownHostException || lower.contains("failed to resolve")) {
      return "unknown host" + hostName(message);
    }
    if (error instanceof NoRouteToHostException || lower.contains("no route to host")) {
      return "no route to host" + peer(message);
    }
    if (lower.contains("connection timed out") || lower.contains("connection timeout")) {
      return "could not connect in time" + peer(message);
    }
    if (lower.contains("connection reset")) {
      return "the connection was reset before an answer";
    }
    if (error instanceof ClosedChannelException || lower.contains("connection was closed")) {
      return "the connection was closed before an answer";
    }
    if (error instanceof SSLException) {
      return "TLS handshake failed" + (message.isEmpty() ? "" : ": " + message);
    }
    if (error instanceof ConnectException) {
      return "could not connect" + peer(message);
    }
    return message.isEmpty() ? "the request failed" : message;
  }

  /** " by host:port" from a Netty message ending in {@code : /127.0.0.1:9} or {@code : host/1.2.3.4:9}. */
  private static String peer(String message) {
    int colon = message.lastIndexOf(": ");
    if (colon < 0) {
      return "";
    }
    String address = message.substring(colon + 2).trim();
    int slash = address.indexOf('/');
    if (slash >= 0) {
      address = slash == 0 ? address.substring(1) : address.substring(0, slash) + address.substring(address.lastIndexOf(':'));
    }
    return address.matches("[A-Za-z0-9.\\-\\[\\]:]+:\\d+") ? " by " + address : "";
  }

  /** " name" from the JDK's message (the name itself) or Netty's ("failed to resolve 'name' after 2 queries"). */
  private static String hostName(String message) {
    Matcher quoted = QUOTED.matcher(message);
    if (quoted.find()) {
      return " " + quoted.group(1);
    }
    return message.isEmpty() || message.contains(" ") ? "" : " " + message;
  }
}
