package dev.cratetrust.verify;

import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.crates.VcsInfo;
import dev.cratetrust.diff.CrateDiff;
import dev.cratetrust.diff.CrateDiffer;
import dev.cratetrust.diff.RepositorySides;
import dev.cratetrust.git.Repositories;
import java.util.Locale;
import java.util.Optional;

/**
 * Diffs a published crate against its repository at the commit named in {@code
 * .cargo_vcs_info.json}: repository files at {@code path_in_vcs} on the old side, the tarball on
 * the new side, so files only in the tarball show as added with their content.
 *
 * <p>Like {@link CrateVerifier}, network and server failures throw {@link
 * RepositoryUnavailableException}; a crate that names no usable repository or commit is a normal
 * {@link NotCompared} outcome. The diff does not show that the repository's history is genuine.
 */
public final class CrateRepositoryDiff {
  private final Repositories repositories;
  private final CrateDiffer differ;

  public CrateRepositoryDiff(Repositories repositories, CrateDiffer differ) {
    this.repositories = repositories;
    this.differ = differ;
  }

  /** The result of one comparison. */
  public sealed interface Outcome {}

  /** The crate was compared with the repository; {@code diff} runs repository to crate. */
  public record Compared(RepositorySides.Sides sides, CrateDiff diff) implements Outcome {}

  /** Why no comparison was possible, with a message naming the crate and the repository. */
  public record NotCompared(Reason reason, String message) implements Outcome {}

  /** Why a crate could not be compared with its repository. */
  public enum Reason {
    NO_VCS_INFO,
    MALFORMED_VCS_INFO,
    NO_GIT_COMMIT,
    NO_REPOSITORY,
    INVALID_REPOSITORY_URL,
    UNSUPPORTED_VCS,
    REPOSITORY_UNREACHABLE,
    COMMIT_NOT_IN_REPOSITORY;

    /** The kebab-case code, matching the provenance reason of the same name. */
    public String code() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * Compares {@code crate} with its declared repository, or with {@code repositoryOverride} (a
   * trusted URL or local path) when given.
   */
  public Outcome compare(CrateContents crate, Optional<String> repositoryOverride)
      throws UnavailableException, LocalRepositoryMissingException {
    String what = "diff " + crate.id() + " with its repository";
    VcsInfo vcs =
        crate
            .file(VcsInfo.FILE_NAME)
            .map(f -> VcsInfo.parse(f.content()))
            .orElse(new VcsInfo.Absent());
    VcsInfo.Git git;
    switch (vcs) {
      case VcsInfo.Git g -> git = g;
      case VcsInfo.Absent a -> {
        return new NotCompared(
            Reason.NO_VCS_INFO,
            what + ": the crate has no " + VcsInfo.FILE_NAME + ", so no commit is claimed");
      }
      case VcsInfo.Malformed m -> {
        return new NotCompared(
            Reason.MALFORMED_VCS_INFO,
            what + ": " + VcsInfo.FILE_NAME + " is unreadable: " + InputText.printable(m.reason()));
      }
      case VcsInfo.NoGit n -> {
        return new NotCompared(
            Reason.NO_GIT_COMMIT, what + ": " + VcsInfo.FILE_NAME + " names no git commit");
      }
    }
    Optional<String> url =
        repositoryOverride
            .or(() -> CrateVerifier.declaredRepository(crate))
            .filter(u -> !u.isBlank());
    if (url.isEmpty()) {
      return new NotCompared(
          Reason.NO_REPOSITORY,
          what + ": Cargo.toml names no repository (give one with --repo-url)");
    }
    String shown = InputText.printable(url.get());
    Repositories.RepositoryOutcome opened =
        repositories.open(url.get(), repositoryOverride.isPresent(), git.sha1());
    return switch (opened) {
      case Repositories.Available a -> {
        try (var snapshot = a.snapshot()) {
          RepositorySides.Sides sides =
              RepositorySides.build(crate, snapshot, git.sha1(), git.pathInVcs().orElse(""));
          yield new Compared(
              sides,
              differ.diff(sides.repository(), crate, sides.skippedPaths(), sides.manifestPath()));
        }
      }
      case Repositories.NoRepository n ->
          new NotCompared(Reason.NO_REPOSITORY, what + ": no repository to compare with");
      case Repositories.InvalidUrl i ->
          new NotCompared(
              Reason.INVALID_REPOSITORY_URL,
              what + ": repository URL " + shown + " is not usable: " + i.why());
      case Repositories.UnsupportedVcs u ->
          new NotCompared(
              Reason.UNSUPPORTED_VCS,
              what
                  + ": repository "
                  + shown
                  + " is not a git repository cratetrust can fetch: "
                  + u.why());
      case Repositories.CommitNotFound c ->
          new NotCompared(
              Reason.COMMIT_NOT_IN_REPOSITORY,
              what
                  + ": commit "
                  + c.commit().hex()
                  + " named in "
                  + VcsInfo.FILE_NAME
                  + " is not in "
                  + InputText.printable(c.url()));
      case Repositories.Unreachable u ->
          switch (u.reason()) {
            case REPOSITORY_NOT_FOUND, AUTH_REQUIRED, REDIRECTED ->
                new NotCompared(
                    Reason.REPOSITORY_UNREACHABLE,
                    what
                        + ": repository "
                        + InputText.printable(u.url())
                        + " cannot be fetched: "
                        + InputText.printable(u.detail()));
            case LOCAL_REPOSITORY_MISSING -> throw new LocalRepositoryMissingException(u.detail());
            case COMMIT_NOT_FOUND ->
                new NotCompared(
                    Reason.COMMIT_NOT_IN_REPOSITORY,
                    what
                        + ": commit "
                        + git.sha1().hex()
                        + " named in "
                        + VcsInfo.FILE_NAME
                        + " is not in "
                        + InputText.printable(u.url()));
            case NETWORK, SERVER_ERROR, TIMEOUT, TOO_LARGE ->
                throw new RepositoryUnavailableException(
                    "fetch repository "
                        + InputText.printable(u.url())
                        + " for "
                        + what
                        + ": "
                        + u.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                        + ": "
                        + InputText.printable(u.detail()));
          };
    };
  }
}
