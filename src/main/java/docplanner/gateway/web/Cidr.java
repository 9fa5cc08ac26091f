package docplanner.gateway.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** An IPv4 or IPv6 network ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, or one address). */
public final class Cidr {

  private final byte[] network;
  private final int prefix;
  private final String text;

  private Cidr(byte[] network, int prefix, String text) {
    this.network = network;
    this.prefix = prefix;
    this.text = text;
  }

  /** Parses a CIDR or a bare address; throws IllegalArgumentException naming the bad entry. */
  public static Cidr parse(String text) {
    String trimmed = text.trim();
    int slash = trimmed.indexOf('/');
    String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
    if (!looksLikeLiteral(address)) {
      throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR");
    }
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR");
    }
    int bits = bytes.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(trimmed.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "' has a malformed prefix length");
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0.." + bits);
      }
    }
    return new Cidr(bytes, prefix, trimmed);
  }

  public static List<Cidr> parseAll(List<String> texts) {
    List<Cidr> out = new ArrayList<>();
    for (String t : texts) {
      out.add(parse(t));
    }
    return List.copyOf(out);
  }

  /** No DNS lookups: only numeric literals are accepted. */
  private static boolean looksLikeLiteral(String address) {
    return !address.isEmpty() && (address.indexOf(':') >= 0 || address.chars().allMatch(c -> c == '.' || Character.isDigit(c)));
  }

  public boolean contains(String address) {
    if (address == null || !looksLikeLiteral(address)) {
      return false;
    }
    try {
      return contains(InetAddress.getByName(address).getAddress());
    } catch (UnknownHostException e) {
      return false;
    }
  }

  public boolean contains(byte[] address) {
    byte[] candidate = address;
    if (candidate.length != network.length) {
      candidate = mapped(candidate, network.length);
      if (candidate == null) {
        return false;
      }
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (candidate[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (candidate[full] & mask) == (network[full] & mask);
  }

  /** IPv4-mapped IPv6 (::ffff:a.b.c.d) compared with IPv4 networks, and the reverse. */
  private static byte[] mapped(byte[] address, int wanted) {
    if (address.length == 16 && wanted == 4) {
      for (int i = 0; i < 10; i++) {
        if (address[i] != 0) {
          return null;
        }
      }
      if (address[10] != (byte) 0xFF || address[11] != (byte) 0xFF) {
        return null;
      }
      return new byte[] {address[12], address[13], address[14], address[15]};
    }
    return null;
  }

  public static boolean any(List<Cidr> networks, String address) {
    for (Cidr c : networks) {
      if (c.contains(address)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return text;
  }
}
