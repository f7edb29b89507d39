package dev.cratetrust.registry;

import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.InputText;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Downloads {@code .crate} archives from the {@code dl} location of a registry's {@code
 * config.json}, checks their SHA-256 against the index {@code cksum} before any parsing, then reads
 * them with {@link CrateArchiveReader}.
 *
 * <p>A matching checksum proves the bytes are the ones the index lists, not that the index itself
 * is genuine.
 */
public final class CrateDownloader {
  private final RegistryHttp http;
  private final ArchiveLimits limits;

  /** The verified bytes of an archive and where they came from. */
  public record Download(byte[] bytes, URI source) {}

  public CrateDownloader(RegistryHttp http, ArchiveLimits limits) {
    this.http = http;
    this.limits = limits;
  }

  /**
   * The download URL for {@code entry}: {@code dl} with {@code {crate}}, {@code {version}}, {@code
   * {prefix}}, {@code {lowerprefix}} and {@code {sha256-checksum}} replaced, or, without markers,
   * {@code dl/{crate}/{version}/download}. A {@code +} in the version is sent as {@code %2B}.
   */
  public static URI downloadUrl(String dl, IndexEntry entry) throws RegistryUnavailableException {
    String name = entry.name().value();
    String version = entry.vers().value().replace("+", "%2B");
    boolean markers =
        dl.contains("{crate}")
            || dl.contains("{version}")
            || dl.contains("{prefix}")
            || dl.contains("{lowerprefix}")
            || dl.contains("{sha256-checksum}");
    String url;
    if (markers) {
      String prefix = prefix(name);
      url =
          dl.replace("{crate}", name)
              .replace("{version}", version)
              .replace("{lowerprefix}", prefix.toLowerCase(java.util.Locale.ROOT))
              .replace("{prefix}", prefix)
              .replace("{sha256-checksum}", entry.cksum());
    } else {
      url = dl + "/" + name + "/" + version + "/download";
    }
    try {
      return new URI(url);
    } catch (URISyntaxException e) {
      throw new RegistryUnavailableException(
          "download "
              + entry.id()
              + ": dl template gives a bad URL '"
              + InputText.printable(url)
              + "'",
          -1);
    }
  }

  /** The {@code {prefix}} of a name: its index directory, in the name's own case. */
  static String prefix(String name) {
    return switch (name.length()) {
      case 1 -> "1";
      case 2 -> "2";
      case 3 -> "3/" + name.charAt(0);
      default -> name.substring(0, 2) + "/" + name.substring(2, 4);
    };
  }

  /**
   * Downloads the archive of {@code entry} and checks its checksum.
   *
   * @throws BadCrateException over the compressed size cap, or the SHA-256 differs from the index
   * @throws RegistryUnavailableException the download failed or answered a non-200 status
   */
  public Download download(IndexConfig config, IndexEntry entry)
      throws BadCrateException, RegistryUnavailableException {
    URI uri = downloadUrl(config.dl(), entry);
    String what = "download " + entry.id() + " from " + uri;
    RegistryHttp.Response r;
    try {
      r = http.get(uri, limits.maxCompressedBytes(), what);
    } catch (RegistryHttp.TooLargeException e) {
      throw BadCrateException.of(
          BadCrateException.Problem.COMPRESSED_TOO_LARGE,
          uri.toString(),
          null,
          "is larger than " + limits.maxCompressedBytes() + " bytes compressed");
    }
    if (r.status() != 200) {
      throw new RegistryUnavailableException(what + ": HTTP " + r.status(), r.status());
    }
    verify(r.body(), entry, r.uri().toString());
    return new Download(r.body(), r.uri());
  }

  /** Downloads, verifies and reads the archive of {@code entry}. */
  public CrateContents fetch(IndexConfig config, IndexEntry entry)
      throws BadCrateException, RegistryUnavailableException {
    Download d = download(config, entry);
    return CrateArchiveReader.read(
        d.bytes(), d.source().toString(), Optional.of(entry.id()), limits);
  }

  /** Fails unless the SHA-256 of {@code bytes} is the index {@code cksum}. */
  public static void verify(byte[] bytes, IndexEntry entry, String source)
      throws BadCrateException {
    String actual = VendorChecksums.sha256(bytes);
    if (!actual.equals(entry.cksum())) {
      throw BadCrateException.of(
          BadCrateException.Problem.CHECKSUM_MISMATCH,
          source,
          null,
          "has SHA-256 " + actual + " but the index lists " + entry.cksum());
    }
  }
}
