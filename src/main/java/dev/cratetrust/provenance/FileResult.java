package dev.cratetrust.provenance;

import java.util.Optional;

/**
 * How one file of the crate compares with the repository.
 *
 * @param path the path in the crate
 * @param repositoryPath the path compared in the repository (root-relative), empty if none
 * @param status the outcome
 * @param explanation why a non-identical file is accounted for, when {@code status} is EXPLAINED
 * @param crateBlob git blob id of the crate's bytes
 * @param repositoryBlob blob id at {@code repositoryPath} in the commit, if there is one
 * @param foundElsewhere for mismatches: whether the crate's blob exists anywhere in the repository
 * @param diff a unified diff (repository to crate) for changed text files, when computed
 * @param detail what else is known about the comparison (the distribution patches that changed the
 *     file and its blob before them), when there is something
 */
public record FileResult(
    String path,
    Optional<String> repositoryPath,
    Status status,
    Optional<Explanation> explanation,
    String crateBlob,
    Optional<String> repositoryBlob,
    Optional<Boolean> foundElsewhere,
    Optional<String> diff,
    Optional<String> detail) {

  /** A result without detail. */
  public FileResult(
      String path,
      Optional<String> repositoryPath,
      Status status,
      Optional<Explanation> explanation,
      String crateBlob,
      Optional<String> repositoryBlob,
      Optional<Boolean> foundElsewhere,
      Optional<String> diff) {
    this(
        path,
        repositoryPath,
        status,
        explanation,
        crateBlob,
        repositoryBlob,
        foundElsewhere,
        diff,
        Optional.empty());
  }

  /** The comparison outcome of one file. */
  public enum Status {
    MATCH,
    EXPLAINED,
    DIFFERS,
    NOT_IN_COMMIT,
    /** The file could not be compared (submodule unavailable, repository unusable). */
    UNVERIFIED;

    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /** A file that could not be compared. */
  public static FileResult unverified(String path, String crateBlob) {
    return new FileResult(
        path,
        Optional.empty(),
        Status.UNVERIFIED,
        Optional.empty(),
        crateBlob,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** A file with no commit to compare with, whose content was searched in all history. */
  public static FileResult searchedInHistory(String path, String crateBlob, boolean found) {
    return new FileResult(
        path,
        Optional.empty(),
        Status.UNVERIFIED,
        Optional.empty(),
        crateBlob,
        Optional.empty(),
        Optional.of(found),
        Optional.empty());
  }

  public boolean isMismatch() {
    return status == Status.DIFFERS || status == Status.NOT_IN_COMMIT;
  }
}
