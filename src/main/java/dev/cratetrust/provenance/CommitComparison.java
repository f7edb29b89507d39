package dev.cratetrust.provenance;

import dev.cratetrust.crates.BlobId;
import dev.cratetrust.crates.CargoManifest;
import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.CrateFile;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.crates.VcsInfo;
import dev.cratetrust.provenance.RepositorySnapshot.EntryMode;
import dev.cratetrust.provenance.RepositorySnapshot.TreeEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The file step of the provenance check: compares every crate file with the file at the same path
 * of the package folder in one commit, accounting for what {@code cargo package} writes or copies
 * (vcs info, normalized manifest, generated or rewritten lock file, {@code ../README}, flattened
 * symlinks, submodules, CRLF line endings), and adds the findings for files that differ.
 *
 * <p>A match proves equal bytes at that path of that commit; it does not prove the commit is the
 * project's real history.
 */
final class CommitComparison {
  private final RepositorySnapshot repo;
  private final CrateContents crate;
  private final PackagedManifests manifests;
  private final Optional<CargoManifest> normalized;
  private final Optional<CargoManifest> orig;
  private final List<String> manifestDifferences;
  private final CommitId commit;
  private final String folder;
  private final PackagePaths paths;
  private final DiffRenderer diffs;
  private final List<Finding> findings;
  private final CargoFilesCheck cargoFiles;

  /** The repository's manifest when the crate has no {@code Cargo.toml.orig}; read once. */
  private Optional<CargoManifest> repositoryManifest;

  /**
   * A comparison of {@code crate} with {@code folder} of {@code commit}; {@code
   * manifestDifferences} are those between its Cargo.toml and Cargo.toml.orig. Findings are added
   * to {@code findings}.
   */
  CommitComparison(
      RepositorySnapshot repo,
      CrateContents crate,
      PackagedManifests manifests,
      List<String> manifestDifferences,
      CommitId commit,
      String folder,
      PackagePaths paths,
      DiffRenderer diffs,
      List<Finding> findings) {
    this.repo = repo;
    this.crate = crate;
    this.manifests = manifests;
    this.normalized = manifests.normalized();
    this.orig = manifests.orig();
    this.manifestDifferences = manifestDifferences;
    this.commit = commit;
    this.folder = folder;
    this.paths = paths;
    this.diffs = diffs;
    this.findings = findings;
    this.cargoFiles = new CargoFilesCheck(crate, commit, paths, diffs, findings);
  }

  /**
   * One result per crate file, adding {@link Reason#FILES_DIFFER}, {@link
   * Reason#FILES_NOT_IN_REPOSITORY} and {@link Reason#SUBMODULE_UNVERIFIED} as they apply.
   */
  List<FileResult> compare() throws UnavailableException {
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

  private FileResult compareFile(RepositorySnapshot repo, Map<String, TreeEntry> tree, CrateFile f)
      throws UnavailableException {
    String path = f.path();
    String blob = f.blobId().hex();
    if (path.equals(VcsInfo.FILE_NAME)) {
      return explained(f, Optional.empty(), Explanation.VCS_INFO, Optional.empty());
    }
    if (path.equals("Cargo.toml") && (manifests.hasOrig() || normalized.isEmpty())) {
      if (manifestDifferences.isEmpty() && normalized.isPresent() && orig.isPresent()) {
        return explained(f, Optional.empty(), Explanation.CARGO_TOML_NORMALIZED, Optional.empty());
      }
      return FileResult.unverified(path, blob);
    }
    String lookup = path.equals("Cargo.toml.orig") ? "Cargo.toml" : path;
    String rootPath = PackagePaths.join(folder, lookup);
    TreeEntry entry = tree.get(lookup);
    if (path.equals("Cargo.toml")
        && (entry == null || !entry.objectId().equals(blob))
        && normalized.isPresent()) {
      return cargoFiles.againstRepositoryManifest(repo, f, rootPath, entry, normalized.get());
    }
    if (path.equals("Cargo.lock") && entry == null) {
      return explained(
          f, Optional.of(rootPath), Explanation.CARGO_LOCK_GENERATED, Optional.empty());
    }
    if (path.equals("Cargo.lock") && !entry.objectId().equals(blob)) {
      return cargoFiles.rewrittenLock(repo, f, rootPath, entry);
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
            repo.blob(entry.blobId(), FileComparison.readLimit(diffs.maxBytes(), f));
        if (repoBytes.isPresent()
            && FileComparison.sameExceptLineEndings(repoBytes.get(), f.content())) {
          return explained(
              f, Optional.of(rootPath), Explanation.LINE_ENDINGS, Optional.of(entry.objectId()));
        }
        return mismatch(
            repo, f, Optional.of(rootPath), FileResult.Status.DIFFERS, entry, repoBytes);
      }
      case SYMLINK -> {
        Optional<TreeEntry> target = paths.file(rootPath);
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

  /**
   * The repository's manifest of the package folder, read only when the crate has no {@code
   * Cargo.toml.orig}: cargo rewrites {@code readme = "../README.md"} to {@code "README.md"} in the
   * normalized manifest, so without the original only the repository's says where the file came
   * from. Empty when it is absent or unreadable (reported by the manifest step).
   */
  private Optional<CargoManifest> repositoryManifestWithoutOrig() throws UnavailableException {
    if (repositoryManifest == null) {
      repositoryManifest = orig.isPresent() ? Optional.empty() : readRepositoryManifest();
    }
    return repositoryManifest;
  }

  private Optional<CargoManifest> readRepositoryManifest() throws UnavailableException {
    Optional<TreeEntry> entry = paths.file(PackagePaths.join(folder, "Cargo.toml"));
    if (entry.isEmpty() || entry.get().mode() == EntryMode.GITLINK) {
      return Optional.empty();
    }
    Optional<byte[]> bytes = repo.blob(entry.get().blobId(), CargoManifest.MAX_BYTES);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(CargoManifest.parse(bytes.get()));
    } catch (CargoManifest.InvalidManifestException e) {
      return Optional.empty();
    }
  }

  private Optional<FileResult> outsidePackage(RepositorySnapshot repo, CrateFile f)
      throws UnavailableException {
    List<String> declared = new ArrayList<>();
    for (Optional<CargoManifest> m : List.of(orig, normalized, repositoryManifestWithoutOrig())) {
      m.flatMap(CargoManifest::readme).ifPresent(declared::add);
      m.flatMap(CargoManifest::licenseFile).ifPresent(declared::add);
    }
    for (String rootPath : PackagePaths.outsideCandidates(declared, folder, f.path())) {
      Optional<TreeEntry> target = paths.file(rootPath);
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
    switch (paths.resolve(rootPath)) {
      case PackagePaths.Resolved.File r when r.entry().objectId().equals(f.blobId().hex()) -> {
        return Optional.of(
            explained(
                f,
                Optional.of(rootPath),
                Explanation.SYMLINK_FLATTENED,
                Optional.of(r.entry().objectId())));
      }
      case PackagePaths.Resolved.InSubmodule s -> {
        // Reached directly or through a symlink (followed since checker version 3).
        return Optional.of(fromSubmodule(repo, f, s.modulePath(), s.gitlink(), s.inside()));
      }
      default -> {
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
            sub.get().blob(e.blobId(), FileComparison.readLimit(diffs.maxBytes(), f));
        if (subBytes.isPresent()
            && FileComparison.sameExceptLineEndings(subBytes.get(), f.content())) {
          return explained(
              f, Optional.of(shown), Explanation.LINE_ENDINGS, Optional.of(e.objectId()));
        }
      }
    }
    boolean elsewhere =
        sub.get().searchHistoryForBlob(f.blobId()) || repo.searchHistoryForBlob(f.blobId());
    if (!elsewhere && FileComparison.containsCrLf(f.content())) {
      BlobId lf = BlobId.of(FileComparison.crlfToLf(f.content()));
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
    TreeEntry gm = paths.rootTree().get(".gitmodules");
    if (gm == null) {
      return Optional.empty();
    }
    Optional<byte[]> bytes = repo.blob(gm.blobId(), 1024 * 1024);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    return GitModules.urlForPath(new String(bytes.get(), StandardCharsets.UTF_8), modulePath);
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
    boolean elsewhere = FileComparison.inHistory(repo, f);
    Optional<String> diff = Optional.empty();
    if (entry != null && entry.mode() != EntryMode.GITLINK) {
      Optional<byte[]> before =
          repoBytes.isPresent() ? repoBytes : repo.blob(entry.blobId(), diffs.maxBytes());
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
    return diffs.repositoryToCrate(from, to, before, after);
  }

  static FileResult explained(
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
