package dev.cratetrust.scan;

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
}
