package dev.cratetrust.registry;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.InputText;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Client for cargo's sparse index protocol ({@code sparse+https://index.crates.io/}): one HTTP GET
 * per crate file plus {@code config.json}.
 *
 * <p>HTTP 404, 410 and 451 mean the crate is not in the index; other failures are {@link
 * RegistryUnavailableException}. The index is trusted as the registry's statement; nothing here
 * proves it is the real crates.io index beyond TLS to the configured host.
 */
public final class SparseIndex implements CrateIndex {
  public static final String CRATES_IO = "sparse+https://index.crates.io/";
  public static final long MAX_INDEX_FILE_BYTES = 64L * 1024 * 1024;
  public static final long MAX_CONFIG_BYTES = 64L * 1024;

  private final URI base;
  private final RegistryHttp http;
  private volatile IndexConfig config;

  private SparseIndex(URI base, RegistryHttp http) {
    this.base = base;
    this.http = http;
  }

  /**
   * Creates a client for {@code indexUrl}, which must look like {@code sparse+https://host/path/}
   * ({@code http} only to a loopback address).
   */
  public static SparseIndex of(String indexUrl, RegistryHttp http) throws RegistryConfigException {
    if (indexUrl == null || !indexUrl.startsWith("sparse+")) {
      throw new RegistryConfigException(
          "index URL '" + InputText.printable(indexUrl) + "' does not start with 'sparse+'");
    }
    String u = indexUrl.substring("sparse+".length());
    if (!u.endsWith("/")) {
      u = u + "/";
    }
    URI uri;
    try {
      uri = new URI(u);
    } catch (URISyntaxException e) {
      throw new RegistryConfigException(
          "index URL '" + InputText.printable(indexUrl) + "' is not a URL: " + e.getReason());
    }
    if (!RegistryHttp.isAllowed(uri) || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new RegistryConfigException(
          "index URL '"
              + InputText.printable(indexUrl)
              + "' must be https (or http to a loopback address) without query or fragment");
    }
    return new SparseIndex(uri, http);
  }

  public URI base() {
    return base;
  }

  @Override
  public IndexConfig config() throws RegistryUnavailableException {
    IndexConfig c = config;
    if (c != null) {
      return c;
    }
    URI uri = base.resolve("config.json");
    String what = "fetch registry config " + uri;
    RegistryHttp.Response r = fetch(uri, MAX_CONFIG_BYTES, what);
    if (r.status() != 200) {
      throw new RegistryUnavailableException(what + ": HTTP " + r.status(), r.status());
    }
    c = IndexConfig.parse(r.body(), what);
    config = c;
    return c;
  }

  @Override
  public IndexLookup lookup(CrateName name) throws RegistryUnavailableException {
    URI uri = base.resolve(CrateIndex.indexPath(name));
    String what = "fetch index file for " + name + " from " + uri;
    RegistryHttp.Response r = fetch(uri, MAX_INDEX_FILE_BYTES, what);
    return switch (r.status()) {
      case 200 -> CrateIndex.parseFile(name, r.body(), what);
      case 404, 410, 451 -> new IndexLookup.NotInIndex(name, "HTTP " + r.status());
      default -> throw new RegistryUnavailableException(what + ": HTTP " + r.status(), r.status());
    };
  }

  private RegistryHttp.Response fetch(URI uri, long max, String what)
      throws RegistryUnavailableException {
    try {
      return http.get(uri, max, what);
    } catch (RegistryHttp.TooLargeException e) {
      throw new RegistryUnavailableException(e.getMessage(), -1);
    }
  }
}
