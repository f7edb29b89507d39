package dev.cratetrust.registry;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.PackageId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A cargo {@code local-registry} directory: {@code index/} in the sparse layout and the archives as
 * {@code name-version.crate} beside it.
 *
 * <p>Its {@code config()} has an empty {@code dl}; archives are read with {@link #readCrate}.
 */
public final class LocalRegistry implements CrateIndex {
  private final Path root;

  private LocalRegistry(Path root) {
    this.root = root;
  }

  public static LocalRegistry of(Path dir) throws RegistryConfigException {
    if (!Files.isDirectory(dir.resolve("index"))) {
      throw new RegistryConfigException(
          "local registry '" + InputText.printable(dir.toString()) + "' has no index/ directory");
    }
    return new LocalRegistry(dir);
  }

  public Path root() {
    return root;
  }

  @Override
  public IndexConfig config() {
    return new IndexConfig("", Optional.empty());
  }

  @Override
  public IndexLookup lookup(CrateName name) throws RegistryUnavailableException {
    Path file = root.resolve("index").resolve(CrateIndex.indexPath(name));
    String what = "read index file for " + name + " at " + file;
    try {
      if (Files.size(file) > SparseIndex.MAX_INDEX_FILE_BYTES) {
        throw new RegistryUnavailableException(
            what + ": larger than " + SparseIndex.MAX_INDEX_FILE_BYTES + " bytes", -1);
      }
      return CrateIndex.parseFile(name, Files.readAllBytes(file), what);
    } catch (NoSuchFileException e) {
      return new IndexLookup.NotInIndex(name, "no index file");
    } catch (IOException e) {
      throw new RegistryUnavailableException(what + ": " + e.getMessage(), e);
    }
  }

  /** Where the archive of {@code id} is expected. */
  public Path cratePath(PackageId id) {
    return root.resolve(id.name().value() + "-" + id.version().value() + ".crate");
  }

  /**
   * Reads the archive of {@code id}, at most {@code maxBytes}.
   *
   * @throws BadCrateException the archive is a link or special file, or too large
   * @throws RegistryUnavailableException the archive is missing or unreadable
   */
  public byte[] readCrate(PackageId id, long maxBytes)
      throws BadCrateException, RegistryUnavailableException {
    Path file = cratePath(id);
    String source = file.toString();
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new RegistryUnavailableException(
          "read crate " + source + ": listed in the index but missing from the local registry", -1);
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw BadCrateException.of(
          BadCrateException.Problem.SPECIAL_FILE, source, null, "is not a regular file");
    }
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, maxBytes + 1));
      if (data.length > maxBytes) {
        throw BadCrateException.of(
            BadCrateException.Problem.COMPRESSED_TOO_LARGE,
            source,
            null,
            "is larger than " + maxBytes + " bytes compressed");
      }
      return data;
    } catch (IOException e) {
      throw new RegistryUnavailableException("read crate " + source + ": " + e.getMessage(), e);
    }
  }
}
