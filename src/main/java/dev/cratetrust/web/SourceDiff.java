package dev.cratetrust.web;

import dev.cratetrust.crates.PackageId;
import dev.cratetrust.store.VerificationRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The tarball-versus-repository comparison of one version as the verifier stored it: the files
 * whose content is not the commit's (differs, not in the commit, explained, not compared), each
 * with the unified diff from the repository's file to the crate's when the verifier kept one.
 *
 * <p>The verifier keeps diffs only for text files up to its size cap (256 KiB by default); larger
 * or binary files are listed without one. The diff is the one computed at verification time, not a
 * fresh comparison with today's repository.
 *
 * @param matching how many files equal the commit
 */
public record SourceDiff(
    PackageId id,
    String category,
    Optional<String> repository,
    Optional<String> commit,
    Instant verifiedAt,
    int matching,
    List<FileEntry> files) {

  public SourceDiff {
    files = List.copyOf(files);
  }

  /**
   * One file that does not simply match.
   *
   * @param status {@code differs}, {@code not-in-commit}, {@code explained} or {@code unverified}
   * @param diff the stored unified diff (repository to crate), when kept
   * @param note why there is no diff, or the explanation or detail the verifier gave
   */
  public record FileEntry(
      String path,
      String status,
      Optional<String> repositoryPath,
      Optional<String> diff,
      Optional<String> note) {}

  /** The comparison stored in {@code record}, empty when its report does not parse. */
  public static Optional<SourceDiff> of(VerificationRecord record) {
    Optional<JsonNode> report = ReliabilityTimeline.report(Optional.of(record));
    if (report.isEmpty()) {
      return Optional.empty();
    }
    JsonNode r = report.get();
    int matching = 0;
    List<FileEntry> files = new ArrayList<>();
    JsonNode list = r.path("files");
    if (list.isArray()) {
      for (JsonNode f : list) {
        String status = f.path("status").asString("");
        if (status.equals("match")) {
          matching++;
          continue;
        }
        Optional<String> diff = CustodyChain.text(f, "diff");
        Optional<String> note =
            CustodyChain.text(f, "explanation")
                .map(e -> "explained: " + e)
                .or(() -> CustodyChain.text(f, "detail"))
                .or(
                    () ->
                        diff.isEmpty() && status.equals("differs")
                            ? Optional.of("no diff stored (file over the verifier's size cap)")
                            : Optional.empty());
        files.add(
            new FileEntry(
                CustodyChain.text(f, "path").orElse("?"),
                status,
                CustodyChain.text(f, "repository_path"),
                diff,
                note));
      }
    }
    return Optional.of(
        new SourceDiff(
            record.id(),
            record.category(),
            CustodyChain.text(r, "repository"),
            CustodyChain.text(r, "commit"),
            record.verifiedAt(),
            matching,
            files));
  }

  /** Whether any file differs from the repository or is missing from it. */
  public boolean hasDifferences() {
    return files.stream()
        .anyMatch(f -> f.status().equals("differs") || f.status().equals("not-in-commit"));
  }
}
