package dev.cratetrust.provenance;

import dev.cratetrust.crates.CommitId;

/** What became of the attempt to reach the crate's repository, as input to the check. */
public sealed interface RepositoryState {
  /** The crate (and the user) named no repository. */
  record Missing() implements RepositoryState {}

  /** The repository link is not a usable URL; {@code why} says what is wrong. */
  record InvalidUrl(String url, String why) implements RepositoryState {}

  /** The link points at a non-git repository or a page whose VCS cannot be known. */
  record UnsupportedVcs(String url, String why) implements RepositoryState {}

  /** Fetching failed for a reason about the repository (not found, auth required, network). */
  record Unreachable(String url, String why) implements RepositoryState {}

  /**
   * The repository was fetched but does not contain the recorded commit; {@code history}, when
   * present, lets the check still search the repository's history for the crate's files.
   */
  record CommitNotFound(String url, CommitId commit, java.util.Optional<RepositorySnapshot> history)
      implements RepositoryState {}

  /** The repository is available for inspection. */
  record Available(RepositorySnapshot snapshot) implements RepositoryState {}
}
