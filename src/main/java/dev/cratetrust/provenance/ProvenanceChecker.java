package dev.cratetrust.provenance;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import dev.cratetrust.crates.BlobId;
import dev.cratetrust.crates.CargoManifest;
import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.CrateFile;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.crates.VcsInfo;
import dev.cratetrust.provenance.RepositorySnapshot.EntryMode;
import dev.cratetrust.provenance.RepositorySnapshot.Tag;
import dev.cratetrust.provenance.RepositorySnapshot.TreeEntry;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  public static final String CHECKER_VERSION = "2";

  private static final long MAX_DIFF_BYTES = 256 * 1024;
  private static final int MAX_PACKAGES = 2000;

  private final long maxDiffBytes;

  public ProvenanceChecker() {
    this(MAX_DIFF_BYTES);
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
    private final Map<CommitId, List<ReleaseTagPolicy.Package>> packages = new HashMap<>();
    private boolean packagesComplete = true;
    private CommitId commit;
    private String folder;
    private TagResult tags = TagResult.notChecked();
    private RepositorySnapshot.Reachability reachability;
    private PackagePaths paths;

    Run(ProvenanceInput in) {
      this.in = in;
      this.crate = in.crate();
      this.manifests = PackagedManifests.read(crate);
      this.normalized = manifests.normalized();
      this.orig = manifests.orig();
      this.manifestDifferences =
          normalized.isPresent() && orig.isPresent()
              ? ManifestConsistency.differences(
                  orig.get(), ManifestConsistency.ORIG, normalized.get(), this::inPackage)
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
        commit = commitFromTags(repo, allTags, recordedPath.orElse("")).orElse(null);
      }
      if (commit == null) {
        // No commit to compare with: fall back to the study's "blob anywhere" test.
        tags = new TagResult(List.of(), Optional.empty(), TagResult.MatchKind.NONE, List.of());
        return blobAnywhere(repo);
      }
      folder = recordedPath.orElse(null);
      if (folder == null) {
        folder = guessFolder(repo).orElse("");
      }
      checkTags(repo, allTags);
      reachability = repo.reachableFromDefaultBranch(commit);
      if (reachability == RepositorySnapshot.Reachability.NOT_REACHABLE) {
        add(
            Reason.COMMIT_NOT_ON_DEFAULT_BRANCH,
            "commit " + commit.abbreviated() + " is not reachable from the default branch",
            commit.hex());
      }
      Map<String, TreeEntry> tree = new LinkedHashMap<>();
      for (TreeEntry e : repo.tree(commit, folder)) {
        tree.put(e.path(), e);
      }
      List<FileResult> out = new ArrayList<>();
      for (CrateFile f : crate.files()) {
        out.add(compareFile(repo, tree, f));
      }
      List<String> differ = new ArrayList<>();
      List<String> nowhere = new ArrayList<>();
      List<String> submodule = new ArrayList<>();
      for (FileResult r : out) {
        if (r.isMismatch()) {
          differ.add(r.path());
          if (!r.foundElsewhere().orElse(false)) {
            nowhere.add(r.path());
          }
        } else if (r.status() == FileResult.Status.UNVERIFIED
            && r.explanation().equals(Optional.of(Explanation.SUBMODULE))) {
          submodule.add(r.path());
        }
      }
      if (!differ.isEmpty()) {
        findings.add(
            new Finding(
                Reason.FILES_DIFFER,
                differ.size() + " file(s) differ from commit " + commit.abbreviated(),
                differ));
      }
      if (!nowhere.isEmpty()) {
        findings.add(
            new Finding(
                Reason.FILES_NOT_IN_REPOSITORY,
                nowhere.size() + " file(s) not in repository",
                nowhere));
      }
      if (!submodule.isEmpty()) {
        findings.add(
            new Finding(
                Reason.SUBMODULE_UNVERIFIED,
                submodule.size() + " file(s) from submodules could not be compared",
                submodule));
      }
      return out;
    }

    private FileResult compareFile(
        RepositorySnapshot repo, Map<String, TreeEntry> tree, CrateFile f)
        throws UnavailableException {
      String path = f.path();
      String blob = f.blobId().hex();
      if (path.equals(VcsInfo.FILE_NAME)) {
        return explained(f, Optional.empty(), Explanation.VCS_INFO, Optional.empty());
      }
      if (path.equals("Cargo.toml") && (manifests.hasOrig() || normalized.isEmpty())) {
        if (manifestDifferences.isEmpty() && normalized.isPresent() && orig.isPresent()) {
          return explained(
              f, Optional.empty(), Explanation.CARGO_TOML_NORMALIZED, Optional.empty());
        }
        return FileResult.unverified(path, blob);
      }
      String lookup = path.equals("Cargo.toml.orig") ? "Cargo.toml" : path;
      String rootPath = PackagePaths.join(folder, lookup);
      TreeEntry entry = tree.get(lookup);
      if (path.equals("Cargo.toml")
          && (entry == null || !entry.objectId().equals(blob))
          && normalized.isPresent()) {
        return againstRepositoryManifest(repo, f, rootPath, entry, normalized.get());
      }
      if (path.equals("Cargo.lock") && entry == null) {
        return explained(
            f, Optional.of(rootPath), Explanation.CARGO_LOCK_GENERATED, Optional.empty());
      }
      if (path.equals("Cargo.lock") && !entry.objectId().equals(blob)) {
        return rewrittenLock(repo, f, rootPath, entry);
      }
      Explanation sameExplanation =
          path.equals("Cargo.toml.orig") ? Explanation.CARGO_TOML_ORIG : null;
      if (entry == null) {
        Optional<FileResult> outside = outsidePackage(repo, f);
        if (outside.isPresent()) {
          return outside.get();
        }
        Optional<FileResult> viaLinkOrModule = throughLinksOrSubmodules(repo, f, rootPath);
        if (viaLinkOrModule.isPresent()) {
          return viaLinkOrModule.get();
        }
        return mismatch(repo, f, Optional.of(rootPath), FileResult.Status.NOT_IN_COMMIT, null);
      }
      return compareEntry(repo, f, rootPath, entry, sameExplanation);
    }

    /**
     * A crate without {@code Cargo.toml.orig}: its normalized Cargo.toml is checked against the
     * repository's Cargo.toml at the commit, not searched for in history.
     */
    private FileResult againstRepositoryManifest(
        RepositorySnapshot repo,
        CrateFile f,
        String rootPath,
        TreeEntry entry,
        CargoManifest packaged)
        throws UnavailableException {
      String blob = f.blobId().hex();
      String shown =
          "the repository's "
              + InputText.printable(rootPath)
              + " at commit "
              + commit.abbreviated();
      if (entry != null && entry.mode() == EntryMode.SYMLINK) {
        entry = resolve(repo, rootPath).orElse(null);
      }
      Optional<byte[]> bytes =
          entry == null || entry.mode() == EntryMode.GITLINK
              ? Optional.empty()
              : repo.blob(entry.blobId(), CargoManifest.MAX_BYTES + 1L);
      if (entry == null || entry.mode() == EntryMode.GITLINK) {
        add(
            Reason.CARGO_TOML_INCONSISTENT,
            "no Cargo.toml.orig, and " + shown + " is missing, so Cargo.toml cannot be checked",
            rootPath);
        return FileResult.unverified(f.path(), blob);
      }
      if (bytes.isEmpty()) {
        add(
            Reason.MANIFEST_UNREADABLE,
            shown + " is larger than " + CargoManifest.MAX_BYTES + " bytes",
            rootPath);
        return FileResult.unverified(f.path(), blob);
      }
      List<String> problems = new ArrayList<>();
      Optional<CargoManifest> inRepo = PackagedManifests.parse(bytes.get(), shown, problems);
      if (inRepo.isEmpty()) {
        findings.add(new Finding(Reason.MANIFEST_UNREADABLE, problems.getFirst(), problems));
        return FileResult.unverified(f.path(), blob);
      }
      List<String> differences =
          ManifestConsistency.differences(
              inRepo.get(), ManifestConsistency.REPOSITORY, packaged, this::inPackage);
      if (differences.isEmpty()) {
        return explained(
            f,
            Optional.of(rootPath),
            Explanation.CARGO_TOML_CONSISTENT_WITH_REPOSITORY,
            Optional.of(entry.objectId()));
      }
      findings.add(
          new Finding(
              Reason.CARGO_TOML_INCONSISTENT,
              differences.size()
                  + " difference(s) between Cargo.toml and "
                  + shown
                  + " (the crate has no Cargo.toml.orig)",
              differences));
      return new FileResult(
          f.path(),
          Optional.of(rootPath),
          FileResult.Status.UNVERIFIED,
          Optional.empty(),
          blob,
          Optional.of(entry.objectId()),
          Optional.empty(),
          unifiedDiff(rootPath, f.path(), bytes.get(), f.content()));
    }

    /** A packaged Cargo.lock that differs from the repository's Cargo.lock at the same path. */
    private FileResult rewrittenLock(
        RepositorySnapshot repo, CrateFile f, String rootPath, TreeEntry entry)
        throws UnavailableException {
      add(
          Reason.CARGO_LOCK_DIFFERS,
          "the packaged Cargo.lock differs from "
              + InputText.printable(rootPath)
              + " at commit "
              + commit.abbreviated(),
          rootPath);
      Optional<String> diff = Optional.empty();
      if (entry.mode() != EntryMode.GITLINK) {
        Optional<byte[]> before = repo.blob(entry.blobId(), maxDiffBytes);
        if (before.isPresent()) {
          diff = unifiedDiff(rootPath, f.path(), before.get(), f.content());
        }
      }
      return new FileResult(
          f.path(),
          Optional.of(rootPath),
          FileResult.Status.EXPLAINED,
          Optional.of(Explanation.CARGO_LOCK_REWRITTEN),
          f.blobId().hex(),
          Optional.of(entry.objectId()),
          Optional.empty(),
          diff);
    }

    /** Whether the crate has a file at {@code path} (relative to the package root). */
    private boolean inPackage(String path) {
      String p = path.replace('\\', '/');
      while (p.startsWith("./")) {
        p = p.substring(2);
      }
      return crate.file(p).isPresent();
    }

    private FileResult compareEntry(
        RepositorySnapshot repo,
        CrateFile f,
        String rootPath,
        TreeEntry entry,
        Explanation sameExplanation)
        throws UnavailableException {
      String blob = f.blobId().hex();
      switch (entry.mode()) {
        case FILE, EXECUTABLE -> {
          if (entry.objectId().equals(blob)) {
            return sameExplanation == null
                ? new FileResult(
                    f.path(),
                    Optional.of(rootPath),
                    FileResult.Status.MATCH,
                    Optional.empty(),
                    blob,
                    Optional.of(entry.objectId()),
                    Optional.empty(),
                    Optional.empty())
                : explained(f, Optional.of(rootPath), sameExplanation, Optional.of(blob));
          }
          Optional<byte[]> repoBytes =
              repo.blob(entry.blobId(), Math.max(maxDiffBytes, f.size() * 2 + 16));
          if (repoBytes.isPresent() && sameExceptLineEndings(repoBytes.get(), f.content())) {
            return explained(
                f, Optional.of(rootPath), Explanation.LINE_ENDINGS, Optional.of(entry.objectId()));
          }
          return mismatch(
              repo, f, Optional.of(rootPath), FileResult.Status.DIFFERS, entry, repoBytes);
        }
        case SYMLINK -> {
          Optional<TreeEntry> target = resolve(repo, rootPath);
          if (target.isPresent() && target.get().objectId().equals(blob)) {
            return explained(
                f,
                Optional.of(rootPath),
                Explanation.SYMLINK_FLATTENED,
                Optional.of(target.get().objectId()));
          }
          return mismatch(repo, f, Optional.of(rootPath), FileResult.Status.DIFFERS, entry);
        }
        case GITLINK -> {
          return mismatch(repo, f, Optional.of(rootPath), FileResult.Status.DIFFERS, entry);
        }
      }
      throw new IllegalStateException("unknown mode " + entry.mode());
    }

    private Optional<FileResult> outsidePackage(RepositorySnapshot repo, CrateFile f)
        throws UnavailableException {
      List<String> declared = new ArrayList<>();
      for (Optional<CargoManifest> m : List.of(orig, normalized)) {
        m.flatMap(CargoManifest::readme).ifPresent(declared::add);
        m.flatMap(CargoManifest::licenseFile).ifPresent(declared::add);
      }
      for (String rootPath : PackagePaths.outsideCandidates(declared, folder, f.path())) {
        Optional<TreeEntry> target = resolve(repo, rootPath);
        if (target.isPresent() && target.get().objectId().equals(f.blobId().hex())) {
          return Optional.of(
              explained(
                  f,
                  Optional.of(rootPath),
                  Explanation.OUTSIDE_PACKAGE,
                  Optional.of(target.get().objectId())));
        }
      }
      return Optional.empty();
    }

    private Optional<FileResult> throughLinksOrSubmodules(
        RepositorySnapshot repo, CrateFile f, String rootPath) throws UnavailableException {
      switch (paths(repo).resolve(rootPath)) {
        case PackagePaths.Resolved.File r when r.entry().objectId().equals(f.blobId().hex()) -> {
          return Optional.of(
              explained(
                  f,
                  Optional.of(rootPath),
                  Explanation.SYMLINK_FLATTENED,
                  Optional.of(r.entry().objectId())));
        }
        case PackagePaths.Resolved.InSubmodule s when !s.throughSymlink() -> {
          return Optional.of(fromSubmodule(repo, f, s.modulePath(), s.gitlink(), s.inside()));
        }
        default -> {
          // A submodule reached only through a symlink is not fetched (checker version 2):
          // the file is reported as not in the commit.
          return Optional.empty();
        }
      }
    }

    private FileResult fromSubmodule(
        RepositorySnapshot repo, CrateFile f, String modulePath, TreeEntry gitlink, String inside)
        throws UnavailableException {
      String blob = f.blobId().hex();
      Optional<String> url = submoduleUrl(repo, modulePath);
      Optional<RepositorySnapshot> sub =
          url.isPresent()
              ? repo.submodule(url.get(), CommitId.of(gitlink.objectId()))
              : Optional.empty();
      String shown = modulePath + "/" + inside;
      if (sub.isEmpty() && url.isPresent()) {
        throw new UnavailableException(
            "compare "
                + InputText.printable(f.path())
                + ": submodule '"
                + InputText.printable(modulePath)
                + "' ("
                + InputText.printable(url.get())
                + ") could not be fetched at commit "
                + CommitId.of(gitlink.objectId()).abbreviated()
                + "; nothing is concluded about the crate");
      }
      if (sub.isEmpty()) {
        return new FileResult(
            f.path(),
            Optional.of(shown),
            FileResult.Status.UNVERIFIED,
            Optional.of(Explanation.SUBMODULE),
            blob,
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
      }
      int slash = inside.lastIndexOf('/');
      String dir = slash < 0 ? "" : inside.substring(0, slash);
      String name = inside.substring(slash + 1);
      for (TreeEntry e : sub.get().tree(CommitId.of(gitlink.objectId()), dir)) {
        if (e.path().equals(name) && e.objectId().equals(blob)) {
          return explained(f, Optional.of(shown), Explanation.SUBMODULE, Optional.of(blob));
        }
        if (e.path().equals(name)
            && (e.mode() == EntryMode.FILE || e.mode() == EntryMode.EXECUTABLE)) {
          Optional<byte[]> subBytes =
              sub.get().blob(e.blobId(), Math.max(maxDiffBytes, f.size() * 2 + 16));
          if (subBytes.isPresent() && sameExceptLineEndings(subBytes.get(), f.content())) {
            return explained(
                f, Optional.of(shown), Explanation.LINE_ENDINGS, Optional.of(e.objectId()));
          }
        }
      }
      boolean elsewhere =
          sub.get().searchHistoryForBlob(f.blobId()) || repo.searchHistoryForBlob(f.blobId());
      if (!elsewhere && containsCrLf(f.content())) {
        BlobId lf = BlobId.of(crlfToLf(f.content()));
        elsewhere = sub.get().searchHistoryForBlob(lf) || repo.searchHistoryForBlob(lf);
      }
      return new FileResult(
          f.path(),
          Optional.of(shown),
          FileResult.Status.DIFFERS,
          Optional.empty(),
          blob,
          Optional.empty(),
          Optional.of(elsewhere),
          Optional.empty());
    }

    private Optional<String> submoduleUrl(RepositorySnapshot repo, String modulePath)
        throws UnavailableException {
      TreeEntry gm = rootTree(repo).get(".gitmodules");
      if (gm == null) {
        return Optional.empty();
      }
      Optional<byte[]> bytes = repo.blob(gm.blobId(), 1024 * 1024);
      if (bytes.isEmpty()) {
        return Optional.empty();
      }
      return GitModules.urlForPath(new String(bytes.get(), StandardCharsets.UTF_8), modulePath);
    }

    private Optional<TreeEntry> resolve(RepositorySnapshot repo, String rootPath)
        throws UnavailableException {
      return paths(repo).file(rootPath);
    }

    private PackagePaths paths(RepositorySnapshot repo) {
      if (paths == null) {
        paths = new PackagePaths(repo, commit);
      }
      return paths;
    }

    private Map<String, TreeEntry> rootTree(RepositorySnapshot repo) throws UnavailableException {
      return paths(repo).rootTree();
    }

    private FileResult mismatch(
        RepositorySnapshot repo,
        CrateFile f,
        Optional<String> rootPath,
        FileResult.Status status,
        TreeEntry entry)
        throws UnavailableException {
      return mismatch(repo, f, rootPath, status, entry, Optional.empty());
    }

    private FileResult mismatch(
        RepositorySnapshot repo,
        CrateFile f,
        Optional<String> rootPath,
        FileResult.Status status,
        TreeEntry entry,
        Optional<byte[]> repoBytes)
        throws UnavailableException {
      boolean elsewhere = repo.searchHistoryForBlob(f.blobId());
      if (!elsewhere && containsCrLf(f.content())) {
        elsewhere = repo.searchHistoryForBlob(BlobId.of(crlfToLf(f.content())));
      }
      Optional<String> diff = Optional.empty();
      if (entry != null && entry.mode() != EntryMode.GITLINK) {
        Optional<byte[]> before =
            repoBytes.isPresent() ? repoBytes : repo.blob(entry.blobId(), maxDiffBytes);
        if (before.isPresent()) {
          diff = unifiedDiff(rootPath.orElse(f.path()), f.path(), before.get(), f.content());
        }
      } else if (entry == null) {
        diff = unifiedDiff("/dev/null", f.path(), new byte[0], f.content());
      }
      return new FileResult(
          f.path(),
          rootPath,
          status,
          Optional.empty(),
          f.blobId().hex(),
          Optional.ofNullable(entry).map(TreeEntry::objectId),
          Optional.of(elsewhere),
          diff);
    }

    private Optional<String> unifiedDiff(String from, String to, byte[] before, byte[] after) {
      if (before.length > maxDiffBytes || after.length > maxDiffBytes) {
        return Optional.empty();
      }
      Optional<String> a = text(before);
      Optional<String> b = text(after);
      if (a.isEmpty() || b.isEmpty()) {
        return Optional.of("Binary files differ");
      }
      List<String> left = a.get().lines().toList();
      List<String> right = b.get().lines().toList();
      Patch<String> patch = DiffUtils.diff(left, right);
      List<String> lines =
          UnifiedDiffUtils.generateUnifiedDiff(
              from.equals("/dev/null") ? from : "repository/" + from,
              "crate/" + to,
              left,
              patch,
              3);
      return Optional.of(String.join("\n", lines));
    }

    private List<FileResult> blobAnywhere(RepositorySnapshot repo) throws UnavailableException {
      List<FileResult> out = new ArrayList<>();
      List<String> nowhere = new ArrayList<>();
      for (CrateFile f : crate.files()) {
        if (isCargoGenerated(f.path())) {
          out.add(FileResult.unverified(f.path(), f.blobId().hex()));
          continue;
        }
        boolean found = repo.searchHistoryForBlob(f.blobId());
        if (!found && containsCrLf(f.content())) {
          found = repo.searchHistoryForBlob(BlobId.of(crlfToLf(f.content())));
        }
        if (!found) {
          nowhere.add(f.path());
        }
        out.add(FileResult.searchedInHistory(f.path(), f.blobId().hex(), found));
      }
      if (!nowhere.isEmpty()) {
        findings.add(
            new Finding(
                Reason.FILES_NOT_IN_REPOSITORY,
                nowhere.size() + " file(s) not in repository (content searched in all history)",
                nowhere));
      }
      return out;
    }

    private boolean isCargoGenerated(String path) {
      return path.equals(VcsInfo.FILE_NAME)
          || path.equals("Cargo.lock")
          || (path.equals("Cargo.toml") && orig.isPresent());
    }

    private void checkTags(RepositorySnapshot repo, List<Tag> allTags) throws UnavailableException {
      ReleaseTagPolicy policy =
          new ReleaseTagPolicy(crate.id().name(), crate.id().version(), folder);
      List<String> onCommit = new ArrayList<>();
      List<String> rejected = new ArrayList<>();
      List<String> elsewhere = new ArrayList<>();
      String matched = null;
      for (Tag t : allTags) {
        boolean here = t.commit().equals(commit);
        if (!here && ReleaseTags.read(t.name(), crate.id().version()).isEmpty()) {
          continue;
        }
        ReleaseTagPolicy.Verdict v = judge(repo, policy, t.name(), commit);
        if (here) {
          onCommit.add(t.name());
          if (v.accepted() && matched == null) {
            matched = t.name();
          } else if (!v.accepted()) {
            rejected.add(InputText.printable(t.name()) + ": " + v.why());
          }
        } else if (v.accepted()) {
          elsewhere.add(t.name());
        }
      }
      tags =
          new TagResult(
              onCommit,
              Optional.ofNullable(matched),
              matched == null ? TagResult.MatchKind.NONE : TagResult.MatchKind.NAME_STYLE,
              elsewhere);
      if (matched == null) {
        add(
            Reason.NO_RELEASE_TAG,
            onCommit.isEmpty()
                ? "no tag points at commit " + commit.abbreviated()
                : "no tag on the commit is a release tag of "
                    + crate.id().name()
                    + " "
                    + crate.id().version()
                    + ": "
                    + String.join("; ", rejected),
            rejected.toArray(String[]::new));
        if (onCommit.isEmpty()) {
          add(Reason.NO_TAG_AT_ALL, "commit " + commit.abbreviated() + " has no tag");
        }
      }
      if (!elsewhere.isEmpty()) {
        add(
            Reason.RELEASE_TAG_ELSEWHERE,
            "release-style tags for " + crate.id().version() + " point at other commits",
            elsewhere.toArray(String[]::new));
      }
    }

    /**
     * Judges a tag, listing the repository's packages at {@code at} only when the rule needs them.
     */
    private ReleaseTagPolicy.Verdict judge(
        RepositorySnapshot repo, ReleaseTagPolicy policy, String tag, CommitId at)
        throws UnavailableException {
      if (!policy.needsPackages(tag)) {
        return policy.judge(tag, List.of(), true);
      }
      List<ReleaseTagPolicy.Package> list = packagesAt(repo, at);
      return policy.judge(tag, list, packagesComplete);
    }

    /** Every package (Cargo.toml with a name) in the tree of {@code at}, read once per commit. */
    private List<ReleaseTagPolicy.Package> packagesAt(RepositorySnapshot repo, CommitId at)
        throws UnavailableException {
      List<ReleaseTagPolicy.Package> known = packages.get(at);
      if (known != null) {
        return known;
      }
      List<ReleaseTagPolicy.Package> out = new ArrayList<>();
      int read = 0;
      for (TreeEntry e : repo.tree(at, "")) {
        boolean manifest = e.path().equals("Cargo.toml") || e.path().endsWith("/Cargo.toml");
        if (!manifest || e.mode() == EntryMode.GITLINK || e.mode() == EntryMode.SYMLINK) {
          continue;
        }
        if (++read > MAX_PACKAGES) {
          packagesComplete = false;
          break;
        }
        String dir =
            e.path().equals("Cargo.toml")
                ? ""
                : e.path().substring(0, e.path().length() - "/Cargo.toml".length());
        Optional<byte[]> bytes = repo.blob(e.blobId(), CargoManifest.MAX_BYTES);
        if (bytes.isEmpty()) {
          continue;
        }
        try {
          CargoManifest.parse(bytes.get())
              .name()
              .ifPresent(n -> out.add(new ReleaseTagPolicy.Package(n, dir)));
        } catch (CargoManifest.InvalidManifestException ex) {
          // Not a manifest cargo could build either: it names no package.
        }
      }
      packages.put(at, List.copyOf(out));
      return packages.get(at);
    }

    private Optional<CommitId> commitFromTags(
        RepositorySnapshot repo, List<Tag> allTags, String path) throws UnavailableException {
      ReleaseTagPolicy policy = new ReleaseTagPolicy(crate.id().name(), crate.id().version(), path);
      for (Tag t : allTags) {
        if (!ReleaseTags.read(t.name(), crate.id().version()).isEmpty()
            && judge(repo, policy, t.name(), t.commit()).accepted()
            && manifestAt(repo, t.commit(), path).filter(this::isThisVersion).isPresent()) {
          return Optional.of(t.commit());
        }
      }
      return Optional.empty();
    }

    private Optional<String> guessFolder(RepositorySnapshot repo) throws UnavailableException {
      List<String> candidates = new ArrayList<>();
      for (TreeEntry e : rootTree(repo).values()) {
        if (e.path().equals("Cargo.toml") || e.path().endsWith("/Cargo.toml")) {
          candidates.add(e.path());
        }
      }
      candidates.sort(null);
      for (String c : candidates) {
        String dir =
            c.equals("Cargo.toml") ? "" : c.substring(0, c.length() - "/Cargo.toml".length());
        Optional<CargoManifest> m = manifestAt(repo, commit, dir);
        if (m.flatMap(CargoManifest::name)
            .filter(n -> n.equals(crate.id().name().value()))
            .isPresent()) {
          if (!dir.isEmpty()) {
            add(
                Reason.PACKAGE_FOLDER_GUESSED,
                "package folder taken as '" + InputText.printable(dir) + "'",
                dir);
          }
          return Optional.of(dir);
        }
      }
      return Optional.empty();
    }

    private Optional<CargoManifest> manifestAt(RepositorySnapshot repo, CommitId at, String dir)
        throws UnavailableException {
      for (TreeEntry e : repo.tree(at, dir)) {
        if (e.path().equals("Cargo.toml") && e.mode() != EntryMode.GITLINK) {
          Optional<byte[]> bytes = repo.blob(e.blobId(), CargoManifest.MAX_BYTES);
          if (bytes.isPresent()) {
            try {
              return Optional.of(CargoManifest.parse(bytes.get()));
            } catch (CargoManifest.InvalidManifestException ex) {
              return Optional.empty();
            }
          }
        }
      }
      return Optional.empty();
    }

    private boolean isThisVersion(CargoManifest m) {
      return m.name().filter(n -> n.equals(crate.id().name().value())).isPresent()
          && m.version().filter(v -> v.equals(crate.id().version().value())).isPresent();
    }

    private void checkTrustedPublishing(VcsInfo vcs) {
      if (in.trustedPublishing().isEmpty()) {
        return;
      }
      TrustedPublishing tp = in.trustedPublishing().get();
      List<String> problems = new ArrayList<>();
      if (tp.sha().isPresent()
          && vcs instanceof VcsInfo.Git g
          && !tp.sha().get().equalsIgnoreCase(g.sha1().hex())) {
        problems.add(
            "trusted publishing commit "
                + tp.sha().get()
                + " but .cargo_vcs_info.json commit "
                + g.sha1());
      }
      if (in.repositoryUrl().isPresent() && !tp.repository().isBlank()) {
        if (!tp.matchesLink(in.repositoryUrl().get())) {
          problems.add(
              "trusted publishing repository "
                  + tp.repository()
                  + " but repository link "
                  + in.repositoryUrl().get());
        }
      }
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

    private FileResult explained(
        CrateFile f, Optional<String> rootPath, Explanation why, Optional<String> repoBlob) {
      return new FileResult(
          f.path(),
          rootPath,
          FileResult.Status.EXPLAINED,
          Optional.of(why),
          f.blobId().hex(),
          repoBlob,
          Optional.empty(),
          Optional.empty());
    }

    private void add(Reason reason, String detail, String... evidence) {
      findings.add(Finding.of(reason, detail, evidence));
    }
  }

  static boolean sameExceptLineEndings(byte[] a, byte[] b) {
    if (!containsCrLf(a) && !containsCrLf(b)) {
      return false;
    }
    return java.util.Arrays.equals(crlfToLf(a), crlfToLf(b));
  }

  static boolean containsCrLf(byte[] bytes) {
    for (int i = 0; i + 1 < bytes.length; i++) {
      if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
        return true;
      }
    }
    return false;
  }

  static byte[] crlfToLf(byte[] bytes) {
    byte[] out = new byte[bytes.length];
    int n = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n') {
        continue;
      }
      out[n++] = bytes[i];
    }
    return java.util.Arrays.copyOf(out, n);
  }

  static Optional<String> text(byte[] bytes) {
    for (byte b : bytes) {
      if (b == 0) {
        return Optional.empty();
      }
    }
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
