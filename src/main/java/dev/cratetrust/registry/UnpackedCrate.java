package dev.cratetrust.registry;

import dev.cratetrust.crates.CrateContents;
import java.util.List;
import java.util.Optional;

/**
 * A crate read from a directory: its files, the directory's {@code .cargo-checksum.json} compared
 * with them when there is one, the symbolic links that were read as their targets' content, and a
 * distribution's own folder when the layout is recognised (its files are not in {@code contents}).
 *
 * @param symlinks relative paths of files that were symlinks inside the directory
 * @param distribution the distribution's folder ({@code debian/}), kept apart from the crate files
 */
public record UnpackedCrate(
    CrateContents contents,
    Optional<VendorChecksums> checksums,
    List<String> symlinks,
    Optional<DistributionFiles> distribution) {
  public UnpackedCrate {
    symlinks = List.copyOf(symlinks);
  }

  /** A crate directory without a distribution folder. */
  public UnpackedCrate(
      CrateContents contents, Optional<VendorChecksums> checksums, List<String> symlinks) {
    this(contents, checksums, symlinks, Optional.empty());
  }
}
