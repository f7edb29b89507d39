package dev.cratetrust.verify;

import dev.cratetrust.crates.CargoManifest;
import dev.cratetrust.crates.CrateFile;
import dev.cratetrust.distro.PatchReversal;
import dev.cratetrust.distro.PatchSeries;
import dev.cratetrust.distro.Placement;
import dev.cratetrust.provenance.DistributionFolder;
import dev.cratetrust.registry.DistributionFiles;
import dev.cratetrust.registry.UnpackedCrate;
import dev.cratetrust.registry.VendorChecksums;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns what the directory reader found of a distribution's layout into provenance input. */
final class DistributionFolders {
  private static final String PATCHES = "debian/patches";

  private DistributionFolders() {}

  /**
   * The distribution facts of {@code u}: its own folder with the patch series reverse-applied, and
   * a package checksum recorded as unavailable; empty when there are none.
   */
  static Optional<DistributionFolder> of(UnpackedCrate u) {
    Optional<String> unavailable =
        u.checksums()
            .filter(c -> c.packageChecksum() == VendorChecksums.PackageChecksum.UNAVAILABLE)
            .map(c -> VendorChecksums.DEBIAN_UNAVAILABLE);
    if (u.distribution().isEmpty() && unavailable.isEmpty()) {
      return Optional.empty();
    }
    Optional<PatchReversal.Result> patches = Optional.empty();
    Optional<PatchSeries> patchSeries = Optional.empty();
    List<String> own = List.of();
    if (u.distribution().isPresent()) {
      DistributionFiles d = u.distribution().get();
      own = d.paths();
      byte[] series = d.files().get(DistributionFiles.DEBIAN_SERIES);
      if (series != null) {
        Map<String, byte[]> patchFiles = new HashMap<>();
        d.files()
            .forEach(
                (path, bytes) -> {
                  if (path.startsWith(PATCHES + "/")) {
                    patchFiles.put(path.substring(PATCHES.length() + 1), bytes);
                  }
                });
        Map<String, byte[]> files = new HashMap<>();
        for (CrateFile f : u.contents().files()) {
          files.put(f.path(), f.content());
        }
        patchSeries = Optional.of(new PatchSeries(PATCHES, series, patchFiles, files));
        patches =
            Optional.of(
                patchSeries.get().reverse(Placement.plausible(DistributionFolders::plausible, 3)));
      }
    }
    return Optional.of(
        new DistributionFolder(
            u.distribution().map(DistributionFiles::layout),
            own,
            unavailable,
            patches,
            patchSeries));
  }

  /** A manifest must parse; other files cannot be judged. */
  static boolean plausible(String path, byte[] content) {
    if (!path.equals("Cargo.toml")) {
      return true;
    }
    try {
      CargoManifest.parse(content);
      return true;
    } catch (CargoManifest.InvalidManifestException e) {
      return false;
    }
  }
}
