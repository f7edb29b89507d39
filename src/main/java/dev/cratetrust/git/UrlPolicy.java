package dev.cratetrust.git;

import dev.cratetrust.crates.InputText;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Decides whether an untrusted git URL (from crate metadata or a {@code .gitmodules} file) may be
 * fetched: only {@code https} on the default port, to a host name whose every resolved address is
 * public.
 *
 * <p>Rejected: other schemes and bare paths, {@code <transport>::} helpers, scp-like {@code
 * user@host:path}, anything starting with {@code -}, user information, control characters and
 * whitespace, ports other than 443 (internal services on odd ports are a common SSRF target; use a
 * {@code --git-rewrite} rule to reach such a server knowingly), single-label host names and {@code
 * localhost}, numeric hosts written in non-canonical forms ({@code 0177.1}, {@code 0x7f.1}, {@code
 * 2130706433}), IPv4-mapped and IPv4-compatible IPv6 literals, and hosts that are or resolve to
 * loopback, unspecified, private (RFC 1918, ULA), link-local, shared (100.64/10), documentation,
 * benchmarking, multicast, broadcast or reserved addresses. A failed lookup is {@link Unresolved}
 * (fail closed).
 *
 * <p>This does not pin the checked address for the transfer, so a host whose DNS answer changes
 * between the check and the connection (rebinding) is not stopped here; redirects are disabled in
 * the cached repository's config instead of being followed and re-checked.
 */
public final class UrlPolicy {

  /** Looks up the addresses of a host name; injected so tests never use real DNS. */
  @FunctionalInterface
  public interface HostResolver {
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The JVM's resolver. */
    static HostResolver system() {
      return host -> Arrays.asList(InetAddress.getAllByName(host));
    }
  }

  /** Whether a URL may be fetched. */
  public sealed interface Decision permits Allowed, Rejected, Unresolved {}

  /** The URL may be fetched; {@code addresses} are what the host resolved to when checked. */
  public record Allowed(URI uri, List<InetAddress> addresses) implements Decision {}

  /** The URL must not be fetched; {@code url} is printable and {@code reason} says why. */
  public record Rejected(String url, String reason) implements Decision {
    public String message() {
      return "repository URL '" + url + "' rejected: " + reason;
    }
  }

  /**
   * The host name could not be resolved, so the URL must not be fetched now (fail closed); this
   * says nothing about the URL itself: the name may not exist, or DNS may be unreachable.
   */
  public record Unresolved(String url, String reason) implements Decision {
    public String message() {
      return "repository URL '" + url + "' not checked: " + reason;
    }
  }

  private final HostResolver resolver;

  public UrlPolicy(HostResolver resolver) {
    this.resolver = Objects.requireNonNull(resolver);
  }

  /** Checks {@code url}, resolving its host through the injected resolver. */
  public Decision check(String url) {
    if (url == null || url.isEmpty()) {
      return new Rejected("", "empty URL");
    }
    String shown = InputText.printable(url);
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c <= 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || Character.isWhitespace(c)) {
        return new Rejected(shown, "contains whitespace or control characters");
      }
    }
    if (url.startsWith("-")) {
      return new Rejected(shown, "starts with '-' (could be read as an option)");
    }
    if (url.matches("[A-Za-z0-9+._-]*::.*")) {
      return new Rejected(shown, "uses a git remote-helper transport ('<transport>::')");
    }
    if (!url.contains("://")) {
      if (url.matches("[^/]*@[^/]*:.*")) {
        return new Rejected(shown, "scp-like ssh address; only https is allowed");
      }
      return new Rejected(shown, "not an absolute URL (a local path?); only https is allowed");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return new Rejected(shown, "not a valid URI: " + InputText.printable(e.getReason()));
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https")) {
      return new Rejected(
          shown, "scheme '" + InputText.printable(scheme) + "' is not allowed; only https is");
    }
    if (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@")) {
      return new Rejected(shown, "contains user information before the host");
    }
    String authority = uri.getRawAuthority();
    if (authority == null || authority.isEmpty()) {
      return new Rejected(shown, "has no host");
    }
    String host = authority;
    String port = "";
    int close = authority.lastIndexOf(']');
    int colon = authority.lastIndexOf(':');
    if (colon > close) {
      host = authority.substring(0, colon);
      port = authority.substring(colon + 1);
    }
    if (host.isEmpty()) {
      return new Rejected(shown, "has no host");
    }
    if (!port.isEmpty() && !port.equals("443")) {
      return new Rejected(
          shown, "port " + InputText.printable(port) + " is not allowed; only 443 is");
    }
    host = host.toLowerCase(Locale.ROOT);
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (host.startsWith("[")) {
      return checkIpv6Literal(shown, uri, host.substring(1, host.length() - 1));
    }
    if (looksNumeric(host)) {
      byte[] v4 = parseInetAton(host);
      if (v4 == null) {
        return new Rejected(shown, "host '" + host + "' is a malformed numeric address");
      }
      String canonical = dotted(v4);
      if (!canonical.equals(host)) {
        return new Rejected(
            shown,
            "host '" + host + "' is a numeric address in non-canonical form (= " + canonical + ")");
      }
      return checkAddresses(shown, uri, host, List.of(toInet(v4)));
    }
    if (host.equals("localhost") || host.endsWith(".localhost")) {
      return new Rejected(shown, "host '" + host + "' is loopback");
    }
    if (!host.matches("[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*")) {
      return new Rejected(shown, "host '" + InputText.printable(host) + "' is malformed");
    }
    if (!host.contains(".")) {
      return new Rejected(shown, "host '" + host + "' is a single-label (intranet) name");
    }
    List<InetAddress> addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException | RuntimeException e) {
      return new Unresolved(
          shown,
          "host '"
              + host
              + "' could not be resolved ("
              + InputText.printable(e.getMessage())
              + ")");
    }
    if (addresses == null || addresses.isEmpty()) {
      return new Unresolved(shown, "host '" + host + "' resolved to no address");
    }
    return checkAddresses(shown, uri, host, addresses);
  }

  private Decision checkIpv6Literal(String shown, URI uri, String literal) {
    byte[] bytes = parseIpv6(literal);
    if (bytes == null) {
      return new Rejected(shown, "host '[" + literal + "]' is a malformed IPv6 address");
    }
    InetAddress a;
    try {
      a = Inet6Address.getByAddress(null, bytes, null);
    } catch (UnknownHostException e) {
      return new Rejected(shown, "host '[" + literal + "]' is a malformed IPv6 address");
    }
    return checkAddresses(shown, uri, "[" + literal + "]", List.of(a));
  }

  private static Decision checkAddresses(
      String shown, URI uri, String host, List<InetAddress> addresses) {
    for (InetAddress a : addresses) {
      String why = blockedReason(a);
      if (why != null) {
        String addr = a.getHostAddress();
        return new Rejected(
            shown,
            addr.equalsIgnoreCase(host) || ("[" + addr + "]").equalsIgnoreCase(host)
                ? "host '" + host + "' is " + why
                : "host '" + host + "' resolves to " + addr + ", " + why);
      }
    }
    return new Allowed(uri, List.copyOf(addresses));
  }

  /** Why an address must not be contacted, or null when it is public. */
  static String blockedReason(InetAddress address) {
    byte[] b = address.getAddress();
    if (b.length == 4) {
      return blockedV4(b);
    }
    if (b.length != 16) {
      return "an address of unknown kind";
    }
    boolean zeroPrefix = true;
    for (int i = 0; i < 10; i++) {
      zeroPrefix &= b[i] == 0;
    }
    if (zeroPrefix && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      return "an IPv4-mapped IPv6 address";
    }
    if (zeroPrefix && b[10] == 0 && b[11] == 0) {
      boolean allZero = true;
      for (int i = 12; i < 16; i++) {
        allZero &= b[i] == 0;
      }
      if (allZero) {
        return "the unspecified address";
      }
      if (b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] == 1) {
        return "loopback";
      }
      return "an IPv4-compatible IPv6 address";
    }
    int b0 = b[0] & 0xff;
    int b1 = b[1] & 0xff;
    if ((b0 & 0xfe) == 0xfc) {
      return "a unique-local (fc00::/7) address";
    }
    if (b0 == 0xfe && (b1 & 0xc0) == 0x80) {
      return "link-local (fe80::/10)";
    }
    if (b0 == 0xfe && (b1 & 0xc0) == 0xc0) {
      return "site-local (fec0::/10)";
    }
    if (b0 == 0xff) {
      return "multicast";
    }
    if (b0 == 0x20 && b1 == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
      return "a documentation address (2001:db8::/32)";
    }
    if (b0 == 0x00 && b1 == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
      String inner = blockedV4(Arrays.copyOfRange(b, 12, 16));
      return inner == null ? null : "a NAT64 address embedding " + inner;
    }
    if (b0 == 0x20 && b1 == 0x02) {
      String inner = blockedV4(Arrays.copyOfRange(b, 2, 6));
      return inner == null ? null : "a 6to4 address embedding " + inner;
    }
    return null;
  }

  private static String blockedV4(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    int a2 = b[2] & 0xff;
    int a3 = b[3] & 0xff;
    if (a0 == 0) {
      return a1 == 0 && a2 == 0 && a3 == 0 ? "the unspecified address" : "in 0.0.0.0/8";
    }
    if (a0 == 127) {
      return "loopback";
    }
    if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) {
      return "a private (RFC 1918) address";
    }
    if (a0 == 169 && a1 == 254) {
      return "link-local (169.254/16, cloud metadata)";
    }
    if (a0 == 100 && (a1 & 0xc0) == 64) {
      return "a shared carrier-grade NAT address (100.64/10)";
    }
    if (a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2)) {
      return "a special-purpose address (192.0.0/24, 192.0.2/24)";
    }
    if ((a0 == 198 && (a1 & 0xfe) == 18)
        || (a0 == 198 && a1 == 51 && a2 == 100)
        || (a0 == 203 && a1 == 0 && a2 == 113)) {
      return "a benchmarking or documentation address";
    }
    if (a0 >= 224 && a0 <= 239) {
      return "multicast";
    }
    if (a0 == 255 && a1 == 255 && a2 == 255 && a3 == 255) {
      return "broadcast";
    }
    if (a0 >= 240) {
      return "reserved (240/4)";
    }
    return null;
  }

  private static boolean looksNumeric(String host) {
    for (String part : host.split("\\.", -1)) {
      if (!part.matches("0[xX][0-9a-fA-F]*|[0-9]+")) {
        return false;
      }
    }
    return true;
  }

  /** Parses the forms inet_aton accepts: 1 to 4 parts, each decimal, octal (0..) or hex (0x..). */
  static byte[] parseInetAton(String host) {
    String[] parts = host.split("\\.", -1);
    if (parts.length < 1 || parts.length > 4) {
      return null;
    }
    long[] v = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      try {
        if (p.startsWith("0x") || p.startsWith("0X")) {
          v[i] = p.length() == 2 ? 0 : Long.parseLong(p.substring(2), 16);
        } else if (p.length() > 1 && p.startsWith("0")) {
          v[i] = Long.parseLong(p.substring(1), 8);
        } else {
          v[i] = Long.parseLong(p);
        }
      } catch (NumberFormatException e) {
        return null;
      }
    }
    long value;
    int n = parts.length;
    for (int i = 0; i < n - 1; i++) {
      if (v[i] > 255) {
        return null;
      }
    }
    long last = v[n - 1];
    long max =
        switch (n) {
          case 1 -> 0xffffffffL;
          case 2 -> 0xffffffL;
          case 3 -> 0xffffL;
          default -> 0xffL;
        };
    if (last > max) {
      return null;
    }
    value =
        switch (n) {
          case 1 -> last;
          case 2 -> (v[0] << 24) | last;
          case 3 -> (v[0] << 24) | (v[1] << 16) | last;
          default -> (v[0] << 24) | (v[1] << 16) | (v[2] << 8) | last;
        };
    return new byte[] {
      (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
    };
  }

  private static byte[] parseIpv6(String literal) {
    if (!literal.matches("[0-9a-fA-F:.]+")) {
      return null;
    }
    try {
      InetAddress a = InetAddress.getByName("[" + literal + "]");
      if (a instanceof Inet6Address) {
        return a.getAddress();
      }
      // The JDK turns ::ffff:a.b.c.d into an Inet4Address; rebuild the mapped form.
      byte[] v4 = a.getAddress();
      byte[] out = new byte[16];
      out[10] = (byte) 0xff;
      out[11] = (byte) 0xff;
      System.arraycopy(v4, 0, out, 12, 4);
      return out;
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static String dotted(byte[] b) {
    return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
  }

  private static InetAddress toInet(byte[] v4) {
    try {
      return Inet4Address.getByAddress(v4);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4-byte address rejected", e);
    }
  }
}
