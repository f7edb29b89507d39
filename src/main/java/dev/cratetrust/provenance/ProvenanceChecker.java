package dev.cratetrust.provenance;

import dev.cratetrust.crates.CargoManifest;
import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.CrateFile;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.crates.VcsInfo;
import dev.cratetrust.provenance.RepositorySnapshot.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compares a published crate with its repository the way the top-500 study did, but file by file at
 * the recorded commit and package folder, and classifies it.
 *
 * <p>It proves byte equality (by git blob id) of each published file with the file at the same path
 * in the recorded commit, after accounting for what {@code cargo package} changes. It does not
 * prove that the repository's history is honest, that the tag was made by the maintainers, or that
 * a build from the repository would produce the same binary.
 */
public final class ProvenanceChecker {
  /** Bumped whenever a change could alter a verdict; results are stored per checker version. */
  public static final String CHECKER_VERSION = "3";

  private final long maxDiffBytes;

  public ProvenanceChecker() {
    this(DiffRenderer.DEFAULT_MAX_BYTES);
  }

  public ProvenanceChecker(long maxDiffBytes) {
    this.maxDiffBytes = maxDiffBytes;
  }

  /** Runs the check. Throws only when the repository snapshot fails to answer (infrastructure). */
  public ProvenanceReport check(ProvenanceInput input) throws UnavailableException {
    if (input.distribution().isPresent()) {
      return DistributionCheck.check(input, maxDiffBytes, upstream -> new Run(upstream).run());
    }
    return new Run(input).run();
  }

  private final class Run {
    private final ProvenanceInput in;
    private final CrateContents crate;
    private final List<Finding> findings = new ArrayList<>();
    private final PackagedManifests manifests;
    private final Optional<CargoManifest> normalized;
    private final Optional<CargoManifest> orig;
    private final List<String> manifestDifferences;
    private final ReleaseTagCheck tagCheck;
    private final DiffRenderer diffs = new DiffRenderer(maxDiffBytes);
    private CommitId commit;
    private String folder;
    private TagResult tags = TagResult.notChecked();
    private RepositorySnapshot.Reachability reachability;

    Run(ProvenanceInput in) {
      this.in = in;
      this.crate = in.crate();
      this.manifests = PackagedManifests.read(crate);
      this.tagCheck = new ReleaseTagCheck(crate.id(), findings);
      this.normalized = manifests.normalized();
      this.orig = manifests.orig();
      this.manifestDifferences =
          normalized.isPresent() && orig.isPresent()
              ? ManifestConsistency.differences(
                  orig.get(),
                  ManifestConsistency.ORIG,
                  normalized.get(),
                  p -> CargoFilesCheck.inPackage(crate, p))
              : List.of();
    }

    ProvenanceReport run() throws UnavailableException {
      VcsInfo vcs =
          crate
              .file(VcsInfo.FILE_NAME)
              .map(f -> VcsInfo.parse(f.content()))
              .orElse(new VcsInfo.Absent());
      Optional<String> recordedPath = Optional.empty();
      switch (vcs) {
        case VcsInfo.Absent a -> add(Reason.NO_VCS_INFO, "the crate has no " + VcsInfo.FILE_NAME);
        case VcsInfo.Malformed m ->
            add(Reason.MALFORMED_VCS_INFO, VcsInfo.FILE_NAME + ": " + m.reason());
        case VcsInfo.NoGit n -> {
          add(Reason.NO_VCS_INFO, VcsInfo.FILE_NAME + " records no git commit");
          recordedPath = n.pathInVcs().isEmpty() ? Optional.empty() : Optional.of(n.pathInVcs());
        }
        case VcsInfo.Git g -> {
          commit = g.sha1();
          recordedPath = g.pathInVcs();
          if (g.dirty()) {
            add(
                Reason.DIRTY,
                "cargo recorded uncommitted changes when packaging commit " + g.sha1(),
                g.sha1().hex());
          }
        }
      }
      if (!manifests.problems().isEmpty()) {
        findings.add(
            new Finding(
                Reason.MANIFEST_UNREADABLE,
                String.join("; ", manifests.problems()),
                manifests.problems()));
      }
      if (!manifestDifferences.isEmpty()) {
        findings.add(
            new Finding(
                Reason.CARGO_TOML_INCONSISTENT,
                manifestDifferences.size()
                    + " difference(s) between Cargo.toml and Cargo.toml.orig",
                manifestDifferences));
      }
      checkTrustedPublishing(vcs);
      if (!in.vendoredModified().isEmpty()) {
        findings.add(
            new Finding(
                Reason.VENDORED_FILES_MODIFIED,
                in.vendoredModified().size() + " file(s) changed after vendoring",
                in.vendoredModified()));
      }

      List<FileResult> files;
      switch (in.repository()) {
        case RepositoryState.Missing m -> {
          add(Reason.NO_REPOSITORY, "no repository link in Cargo.toml and none given");
          files = unverified();
        }
        case RepositoryState.InvalidUrl u -> {
          add(Reason.INVALID_REPOSITORY_URL, u.why(), u.url());
          files = unverified();
        }
        case RepositoryState.UnsupportedVcs u -> {
          add(Reason.UNSUPPORTED_VCS, u.why(), u.url());
          files = unverified();
        }
        case RepositoryState.Unreachable u -> {
          add(Reason.REPOSITORY_UNREACHABLE, u.why(), u.url());
          files = unverified();
        }
        case RepositoryState.CommitNotFound c -> {
          add(
              Reason.COMMIT_NOT_IN_REPOSITORY,
              "commit " + c.commit() + " is not in " + c.url(),
              c.commit().hex());
          files = c.history().isPresent() ? blobAnywhere(c.history().get()) : unverified();
        }
        case RepositoryState.Available a -> files = compareWith(a.snapshot(), recordedPath);
      }

      Category category = Category.GOLD_STAR;
      for (Finding f : findings) {
        if (f.reason().implies().isPresent()) {
          category = category.worst(f.reason().implies().get());
        }
      }
      return new ProvenanceReport(
          crate.id(),
          category,
          findings,
          in.repositoryUrl(),
          Optional.ofNullable(commit),
          Optional.ofNullable(folder),
          tags,
          Optional.ofNullable(reachability),
          files,
          in.trustedPublishing(),
          CHECKER_VERSION);
    }

    private List<FileResult> compareWith(RepositorySnapshot repo, Optional<String> recordedPath)
        throws UnavailableException {
      if (commit != null) {
        RepositorySnapshot.Containment where = repo.containment(commit);
        switch (where.kind()) {
          case ON_BRANCH_OR_TAG -> {}
          case ONLY_ON_REVIEW_REFS ->
              add(
                  Reason.COMMIT_ONLY_ON_PULL_REQUEST,
                  "commit "
                      + commit.abbreviated()
                      + " is on no branch or tag, only on pull-request refs",
                  where.refs().toArray(String[]::new));
          case NOT_ON_ANY_REF -> {
            add(
                Reason.COMMIT_NOT_IN_REPOSITORY,
                "commit " + commit + " is on no branch, tag or pull request of " + repo.url(),
                commit.hex());
            return blobAnywhere(repo);
          }
        }
      }
      List<Tag> allTags = repo.tags();
      if (commit == null) {
        commit = tagCheck.commitFromTags(repo, allTags, recordedPath.orElse("")).orElse(null);
      }
      if (commit == null) {
        // No commit to compare with: fall back to the study's "blob anywhere" test.
        tags = new TagResult(List.of(), Optional.empty(), TagResult.MatchKind.NONE, List.of());
        return blobAnywhere(repo);
      }
      PackagePaths paths = new PackagePaths(repo, commit);
      folder = recordedPath.orElse(null);
      if (folder == null) {
        folder = tagCheck.guessFolder(repo, paths, commit).orElse("");
      }
      tags = tagCheck.check(repo, allTags, commit, folder);
      reachability = repo.reachableFromDefaultBranch(commit);
      if (reachability == RepositorySnapshot.Reachability.NOT_REACHABLE) {
        add(
            Reason.COMMIT_NOT_ON_DEFAULT_BRANCH,
            "commit " + commit.abbreviated() + " is not reachable from the default branch",
            commit.hex());
      }
      return new CommitComparison(
              repo, crate, manifests, manifestDifferences, commit, folder, paths, diffs, findings)
          .compare();
    }

    private List<FileResult> blobAnywhere(RepositorySnapshot repo) throws UnavailableException {
      return HistorySearch.blobAnywhere(repo, crate, orig.isPresent(), findings);
    }

    private void checkTrustedPublishing(VcsInfo vcs) {
      List<String> problems =
          in.trustedPublishing()
              .map(tp -> tp.mismatches(vcs, in.repositoryUrl()))
              .orElse(List.of());
      if (!problems.isEmpty()) {
        findings.add(
            new Finding(Reason.TRUSTED_PUBLISHING_MISMATCH, String.join("; ", problems), problems));
      }
    }

    private List<FileResult> unverified() {
      List<FileResult> out = new ArrayList<>();
      for (CrateFile f : crate.files()) {
        out.add(FileResult.unverified(f.path(), f.blobId().hex()));
      }
      return out;
    }

    private void add(Reason reason, String detail, String... evidence) {
      findings.add(Finding.of(reason, detail, evidence));
    }
  }
}
