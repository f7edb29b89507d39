package dev.cratetrust.registry;

import dev.cratetrust.crates.CrateContents;
import java.util.List;
import java.util.Optional;

/**
 * A crate read from a directory: its files, the directory's {@code .cargo-checksum.json} compared
 * with them when there is one, and the symbolic links that were read as their targets' content.
 *
 * @param symlinks relative paths of files that were symlinks inside the directory
 */
public record UnpackedCrate(
    CrateContents contents, Optional<VendorChecksums> checksums, List<String> symlinks) {
  public UnpackedCrate {
    symlinks = List.copyOf(symlinks);
  }
}
