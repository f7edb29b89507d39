package dev.cratetrust.provenance;

import dev.cratetrust.distro.PatchReversal;
import dev.cratetrust.distro.PatchSeries;
import java.util.List;
import java.util.Optional;

/**
 * What a distribution's crate folder (Debian's {@code /usr/share/cargo/registry/name-version}) adds
 * to a crate: its own folder, its patches undone where they apply, and a checksum file that records
 * no package checksum.
 *
 * @param layout the distribution whose layout was recognised ({@code debian}), when one was
 * @param notCrateFiles the distribution's own files (under {@code debian/}), not compared
 * @param checksumUnavailable what {@code .cargo-checksum.json} records instead of the {@code
 *     .crate}'s SHA-256, when it records no checksum that way
 * @param patches the patch series reverse-applied to the crate's files, when there is one
 * @param series the series and the files it was undone on, to undo it again once the repository's
 *     manifest can place {@code Cargo.toml}'s context-free hunks
 */
public record DistributionFolder(
    Optional<String> layout,
    List<String> notCrateFiles,
    Optional<String> checksumUnavailable,
    Optional<PatchReversal.Result> patches,
    Optional<PatchSeries> series) {
  public DistributionFolder {
    notCrateFiles = List.copyOf(notCrateFiles);
  }

  /** A folder whose series cannot be undone again. */
  public DistributionFolder(
      Optional<String> layout,
      List<String> notCrateFiles,
      Optional<String> checksumUnavailable,
      Optional<PatchReversal.Result> patches) {
    this(layout, notCrateFiles, checksumUnavailable, patches, Optional.empty());
  }
}
