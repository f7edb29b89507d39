package dev.cratetrust.diff;

import dev.cratetrust.crates.PackageId;
import dev.cratetrust.signals.Signal;
import java.util.List;
import java.util.Optional;

/**
 * The differences between two crate versions, manifest first, then files, then the signals that
 * appeared or disappeared.
 *
 * <p>A small diff is not a reviewed diff: the new version's build script or dependencies can still
 * do anything.
 *
 * @param manifest absent when either version has no readable {@code Cargo.toml}
 * @param files changed files, sorted by path; unchanged files are not listed
 * @param unchanged how many files are byte-identical
 */
public record CrateDiff(
    PackageId oldId,
    PackageId newId,
    Optional<ManifestChanges> manifest,
    List<FileChange> files,
    int unchanged,
    List<Signal> signalsAppeared,
    List<Signal> signalsDisappeared) {

  public CrateDiff {
    files = List.copyOf(files);
    signalsAppeared = List.copyOf(signalsAppeared);
    signalsDisappeared = List.copyOf(signalsDisappeared);
  }

  public List<FileChange> withStatus(FileChange.Status status) {
    return files.stream().filter(f -> f.status() == status).toList();
  }
}
