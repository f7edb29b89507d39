package dev.cratetrust.git;

import java.io.Closeable;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The JVM's host name resolver (installed through {@code META-INF/services}), which answers for
 * pinned host names with the addresses {@link UrlPolicy} checked, and delegates every other lookup
 * to the built-in resolver unchanged. Pinning stops DNS rebinding: a host that resolved to a public
 * address when checked cannot resolve to an internal one while its repository is fetched.
 *
 * <p>Pins are JVM-wide and reference-counted; the first pin of a host wins until every holder has
 * closed its pin. This does not protect fetches made outside {@link Repositories} or in another
 * process.
 */
public final class PinnedHostsResolverProvider extends InetAddressResolverProvider {
  private static final Map<String, Pin> PINS = new ConcurrentHashMap<>();

  private record Pin(List<InetAddress> addresses, int holders) {}

  /** Pins {@code host} to {@code addresses} until the returned handle is closed. */
  public static Closeable pin(String host, List<InetAddress> addresses) {
    String key = host.toLowerCase(Locale.ROOT);
    List<InetAddress> copy = List.copyOf(addresses);
    PINS.merge(key, new Pin(copy, 1), (old, n) -> new Pin(old.addresses(), old.holders() + 1));
    return new Closeable() {
      private boolean closed;

      @Override
      public synchronized void close() {
        if (!closed) {
          closed = true;
          PINS.computeIfPresent(
              key, (k, p) -> p.holders() <= 1 ? null : new Pin(p.addresses(), p.holders() - 1));
        }
      }
    };
  }

  /** The addresses {@code host} is pinned to, or null. */
  static List<InetAddress> pinned(String host) {
    Pin p = PINS.get(host.toLowerCase(Locale.ROOT));
    return p == null ? null : p.addresses();
  }

  @Override
  public InetAddressResolver get(Configuration configuration) {
    InetAddressResolver builtin = configuration.builtinResolver();
    return new InetAddressResolver() {
      @Override
      public Stream<InetAddress> lookupByName(String host, LookupPolicy policy)
          throws UnknownHostException {
        List<InetAddress> pinned = pinned(host);
        if (pinned == null) {
          return builtin.lookupByName(host, policy);
        }
        int c = policy.characteristics();
        boolean v4 = (c & LookupPolicy.IPV4) != 0;
        boolean v6 = (c & LookupPolicy.IPV6) != 0;
        List<InetAddress> allowed =
            pinned.stream()
                .filter(a -> (v4 && a instanceof Inet4Address) || (v6 && a instanceof Inet6Address))
                .map(a -> rename(host, a))
                .toList();
        if (allowed.isEmpty()) {
          throw new UnknownHostException(
              host + ": pinned addresses do not match the lookup policy");
        }
        return allowed.stream();
      }

      @Override
      public String lookupByAddress(byte[] addr) throws UnknownHostException {
        return builtin.lookupByAddress(addr);
      }
    };
  }

  private static InetAddress rename(String host, InetAddress a) {
    try {
      return InetAddress.getByAddress(host, a.getAddress());
    } catch (UnknownHostException e) {
      throw new IllegalStateException("address of wrong length for " + host, e);
    }
  }

  @Override
  public String name() {
    return "cratetrust-pinned-hosts";
  }
}
