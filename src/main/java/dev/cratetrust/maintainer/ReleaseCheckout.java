package dev.cratetrust.maintainer;

import dev.cratetrust.crates.BadInputException;
import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.git.JGitRepositorySnapshot;
import dev.cratetrust.git.Repositories;
import dev.cratetrust.provenance.ProvenanceReport;
import dev.cratetrust.provenance.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Makes a folder a git work tree of a crate's repository at the commit the verifier found for the
 * published crate (or, when the crate's commit is unknown, at a guessed commit), with submodules,
 * and says what differs from the published crate and how far the default branch has moved.
 *
 * <p>The work tree is a plain {@code git clone} of the repository as the verifier reached it (after
 * {@code --git-rewrite} rules); it shows the repository's content at that commit, not that the
 * commit's code is what any binary was built from.
 */
public final class ReleaseCheckout {
  private final Repositories repositories;
  private final Tools tools;

  public ReleaseCheckout(Repositories repositories, Tools tools) {
    this.repositories = repositories;
    this.tools = tools;
  }

  /** How the commit was chosen. */
  public enum How {
    /** The commit recorded in {@code .cargo_vcs_info.json}, found in the repository. */
    VERIFIED,
    /** A release tag naming the version (the crate's commit is unknown). */
    GUESS_TAG,
    /** The commit whose package folder matches most of the crate's files. */
    GUESS_BEST_MATCH
  }

  /** The outcome: a work tree was made, or why not. */
  public sealed interface Outcome {}

  /**
   * A work tree at {@code commit}.
   *
   * @param packageFolder the package folder inside the work tree
   * @param matching for a guess, how many of the crate's files the commit holds unchanged
   * @param compared for a guess, how many were compared
   * @param defaultBranch where the default branch is relative to the commit, if known
   * @param submoduleProblem why submodules were not checked out, when they were not
   */
  public record CheckedOut(
      Path workTree,
      Path packageFolder,
      String url,
      CommitId commit,
      How how,
      Optional<String> tag,
      int matching,
      int compared,
      Optional<DefaultBranch> defaultBranch,
      Optional<String> submoduleProblem)
      implements Outcome {}

  /** No commit could be checked out; {@code why} says so for the crate and repository. */
  public record NotCheckedOut(String why) implements Outcome {}

  /**
   * The default branch relative to the checked-out commit.
   *
   * @param name e.g. {@code origin/main}
   * @param contains whether the default branch's history contains the commit
   * @param commitsSince commits on the default branch that the checked-out commit does not have
   * @param touchingPackage of those, the ones that change the package folder
   */
  public record DefaultBranch(
      String name, CommitId tip, boolean contains, int commitsSince, int touchingPackage) {}

  /**
   * Checks out the repository of {@code crate} into {@code target} (absent or an empty folder).
   *
   * @param report the verifier's report for {@code crate}
   * @param repositoryOverride the repository the user gave, trusted; else the crate's own link
   */
  public Outcome checkout(
      CrateContents crate,
      ProvenanceReport report,
      Optional<String> repositoryOverride,
      Path target)
      throws BadInputException, UnavailableException {
    checkTarget(target);
    Optional<String> raw = repositoryOverride.or(report::repository).filter(u -> !u.isBlank());
    if (raw.isEmpty()) {
      return new NotCheckedOut(
          "check out " + crate.id() + ": the crate names no repository (give one with --repo)");
    }
    boolean trusted = repositoryOverride.isPresent();
    Optional<CommitId> recorded = report.commit();
    boolean verified =
        recorded.isPresent()
            && !report.has(Reason.COMMIT_NOT_IN_REPOSITORY)
            && !report.has(Reason.NO_VCS_INFO);
    Repositories.RepositoryOutcome opened =
        verified
            ? repositories.open(raw.get(), trusted, recorded.get())
            : repositories.open(raw.get(), trusted);
    if (!(opened instanceof Repositories.Available available)) {
      return new NotCheckedOut(
          "check out "
              + crate.id()
              + ": repository "
              + InputText.printable(raw.get())
              + " cannot be used: "
              + describe(opened));
    }
    String url;
    try (JGitRepositorySnapshot snapshot = available.snapshot()) {
      url = snapshot.url();
    }
    String folder = report.pathInVcs().orElse("");
    clone(url, trusted, target);
    CommitId commit;
    How how;
    Optional<String> tag = Optional.empty();
    int matching = 0;
    int compared = 0;
    if (verified) {
      commit = recorded.get();
      how = How.VERIFIED;
      tag = report.tags().matched();
    } else {
      Optional<CandidateSearch.Candidate> c;
      try {
        c = CandidateSearch.search(target, crate, folder);
      } catch (IOException e) {
        throw new UnavailableException(
            "search " + target + " for the commit of " + crate.id() + ": " + e.getMessage(), e);
      }
      if (c.isEmpty()) {
        return new NotCheckedOut(
            "check out "
                + crate.id()
                + ": the crate records no commit the repository has, and the repository has no"
                + " commit to offer instead (the clone is left in "
                + target
                + ")");
      }
      commit = c.get().commit();
      tag = c.get().tag();
      how = tag.isPresent() ? How.GUESS_TAG : How.GUESS_BEST_MATCH;
      matching = c.get().matching();
      compared = c.get().compared();
    }
    checkoutCommit(target, commit);
    Optional<String> submoduleProblem = submodules(target, trusted);
    return new CheckedOut(
        target,
        folder.isEmpty() ? target : target.resolve(folder),
        url,
        commit,
        how,
        tag,
        matching,
        compared,
        defaultBranch(target, commit, folder),
        submoduleProblem);
  }

  private static void checkTarget(Path target) throws BadInputException {
    if (Files.exists(target) && !Files.isDirectory(target)) {
      throw new BadInputException(
          "check out into " + target + ": it exists and is not a folder; nothing was changed");
    }
    if (Files.isDirectory(target)) {
      try (Stream<Path> s = Files.list(target)) {
        if (s.findAny().isPresent()) {
          throw new BadInputException(
              "check out into " + target + ": the folder is not empty; nothing was changed");
        }
      } catch (IOException e) {
        throw new BadInputException("check out into " + target + ": " + e.getMessage(), e);
      }
    }
  }

  private void clone(String url, boolean trusted, Path target) throws UnavailableException {
    Path parent = target.toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new UnavailableException("create " + parent + ": " + e.getMessage(), e);
    }
    List<String> args = new ArrayList<>();
    if (!trusted) {
      args.addAll(List.of("-c", "http.followRedirects=false"));
    }
    args.addAll(
        List.of(
            "clone", "--quiet", "--no-checkout", "--", url, target.toAbsolutePath().toString()));
    tools.gitOk("clone " + InputText.printable(url), parent, args.toArray(String[]::new));
  }

  private void checkoutCommit(Path target, CommitId commit) throws UnavailableException {
    Tools.Result r = tools.git(target, "checkout", "--quiet", "--detach", commit.hex());
    if (!r.ok()) {
      // A commit only on a pull-request head is not in a plain clone.
      tools.gitOk("fetch " + commit, target, "fetch", "--quiet", "origin", commit.hex());
      tools.gitOk("check out " + commit, target, "checkout", "--quiet", "--detach", commit.hex());
    }
  }

  private Optional<String> submodules(Path target, boolean trusted) throws UnavailableException {
    if (!Files.exists(target.resolve(".gitmodules"))) {
      return Optional.empty();
    }
    List<String> args = new ArrayList<>();
    if (trusted) {
      args.addAll(List.of("-c", "protocol.file.allow=always"));
    }
    args.addAll(List.of("submodule", "--quiet", "update", "--init", "--recursive"));
    Tools.Result r = tools.git(target, args.toArray(String[]::new));
    return r.ok() ? Optional.empty() : Optional.of(InputText.printable(r.err().strip()));
  }

  private Optional<DefaultBranch> defaultBranch(Path target, CommitId commit, String folder)
      throws UnavailableException {
    Tools.Result head =
        tools.git(target, "symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD");
    if (!head.ok()) {
      return Optional.empty();
    }
    String name = head.line();
    CommitId tip = new CommitId(tools.gitOk("read " + name, target, "rev-parse", name));
    boolean contains = tools.git(target, "merge-base", "--is-ancestor", commit.hex(), name).ok();
    int since =
        Integer.parseInt(
            tools.gitOk(
                "count commits", target, "rev-list", "--count", commit.hex() + ".." + name));
    int touching =
        Integer.parseInt(
            tools.gitOk(
                "count commits",
                target,
                "rev-list",
                "--count",
                commit.hex() + ".." + name,
                "--",
                folder.isEmpty() ? "." : folder));
    return Optional.of(new DefaultBranch(name, tip, contains, since, touching));
  }

  private static String describe(Repositories.RepositoryOutcome o) {
    return switch (o) {
      case Repositories.Available a -> "available";
      case Repositories.NoRepository n -> "no repository";
      case Repositories.InvalidUrl i -> i.why();
      case Repositories.UnsupportedVcs u -> u.why();
      case Repositories.Unreachable u -> u.detail();
      case Repositories.CommitNotFound c -> "commit " + c.commit() + " is not in it";
    };
  }
}
