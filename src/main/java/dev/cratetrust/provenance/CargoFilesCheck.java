package dev.cratetrust.provenance;

import dev.cratetrust.crates.CargoManifest;
import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.CrateFile;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.provenance.RepositorySnapshot.EntryMode;
import dev.cratetrust.provenance.RepositorySnapshot.TreeEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The manifest step for files cargo rewrites: a packaged {@code Cargo.toml} without {@code
 * Cargo.toml.orig}, checked for consistency with the repository's manifest by {@link
 * ManifestConsistency}, and a packaged {@code Cargo.lock} that differs from the repository's.
 *
 * <p>A consistent manifest shows that cargo's normalization explains the differences it checks, not
 * that the manifests are byte for byte the same.
 */
final class CargoFilesCheck {
  private final CrateContents crate;
  private final CommitId commit;
  private final PackagePaths paths;
  private final DiffRenderer diffs;
  private final List<Finding> findings;

  CargoFilesCheck(
      CrateContents crate,
      CommitId commit,
      PackagePaths paths,
      DiffRenderer diffs,
      List<Finding> findings) {
    this.crate = crate;
    this.commit = commit;
    this.paths = paths;
    this.diffs = diffs;
    this.findings = findings;
  }

  /**
   * A crate without {@code Cargo.toml.orig}: its normalized Cargo.toml is checked against the
   * repository's Cargo.toml at the commit, not searched for in history.
   */
  FileResult againstRepositoryManifest(
      RepositorySnapshot repo,
      CrateFile f,
      String rootPath,
      TreeEntry entry,
      CargoManifest packaged)
      throws UnavailableException {
    String blob = f.blobId().hex();
    String shown =
        "the repository's " + InputText.printable(rootPath) + " at commit " + commit.abbreviated();
    if (entry != null && entry.mode() == EntryMode.SYMLINK) {
      entry = paths.file(rootPath).orElse(null);
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
            inRepo.get(), ManifestConsistency.REPOSITORY, packaged, p -> inPackage(crate, p));
    if (differences.isEmpty()) {
      return CommitComparison.explained(
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
        diffs.repositoryToCrate(rootPath, f.path(), bytes.get(), f.content()));
  }

  /** A packaged Cargo.lock that differs from the repository's Cargo.lock at the same path. */
  FileResult rewrittenLock(RepositorySnapshot repo, CrateFile f, String rootPath, TreeEntry entry)
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
      Optional<byte[]> before = repo.blob(entry.blobId(), diffs.maxBytes());
      if (before.isPresent()) {
        diff = diffs.repositoryToCrate(rootPath, f.path(), before.get(), f.content());
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
  static boolean inPackage(CrateContents crate, String path) {
    String p = path.replace('\\', '/');
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    return crate.file(p).isPresent();
  }

  private void add(Reason reason, String detail, String... evidence) {
    findings.add(Finding.of(reason, detail, evidence));
  }
}
