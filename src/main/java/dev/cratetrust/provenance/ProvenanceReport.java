package dev.cratetrust.provenance;

import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.PackageId;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of checking one crate version against its repository: the class, every reason, and
 * the evidence behind them.
 *
 * <p>A gold star shows the published files are the repository's files at a tagged commit; it does
 * not show that commit's code was reviewed or is free of problems.
 */
public record ProvenanceReport(
    PackageId crate,
    Category category,
    List<Finding> reasons,
    Optional<String> repository,
    Optional<CommitId> commit,
    Optional<String> pathInVcs,
    TagResult tags,
    Optional<RepositorySnapshot.Reachability> defaultBranch,
    List<FileResult> files,
    Optional<TrustedPublishing> trustedPublishing,
    String checkerVersion) {

  public ProvenanceReport {
    reasons = List.copyOf(reasons);
    files = List.copyOf(files);
  }

  public List<String> reasonCodes() {
    return reasons.stream().map(f -> f.reason().code()).distinct().toList();
  }

  public boolean has(Reason reason) {
    return reasons.stream().anyMatch(f -> f.reason() == reason);
  }

  public List<FileResult> mismatches() {
    return files.stream().filter(FileResult::isMismatch).toList();
  }

  public List<FileResult> explained() {
    return files.stream().filter(f -> f.explanation().isPresent()).toList();
  }
}
