package dev.cratetrust.scan;

import dev.cratetrust.registry.RegistryChoice;
import dev.cratetrust.store.VerificationRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The command-line settings a scan passes to its verifier: registry index ({@code
 * sparse+http(s)://...}, default crates.io), git URL rewrites, cache folder and parallelism.
 */
public record VerifierSettings(
    Optional<String> index, List<GitRewrite> gitRewrites, Path cacheDir, int jobs) {
  public VerifierSettings {
    gitRewrites = List.copyOf(gitRewrites);
  }

  /** The origin results downloaded through {@link #index()} are stored under. */
  public String registryOrigin() {
    return originOf(index);
  }

  /**
   * The origin of downloads through {@code index}: {@code crates.io} by default, else {@code
   * index:} and the sparse URL or the local registry folder's absolute path.
   */
  public static String originOf(Optional<String> index) {
    if (index.isEmpty()) {
      return VerificationRecord.CRATES_IO;
    }
    Optional<Path> dir = new RegistryChoice(index, Optional.empty(), true).localDirectory();
    if (dir.isPresent()) {
      return VerificationRecord.index(dir.get().toAbsolutePath().normalize().toString());
    }
    return VerificationRecord.index(index.get());
  }
}
