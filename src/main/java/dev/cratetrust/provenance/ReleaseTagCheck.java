package dev.cratetrust.provenance;

import dev.cratetrust.crates.CargoManifest;
import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.provenance.RepositorySnapshot.EntryMode;
import dev.cratetrust.provenance.RepositorySnapshot.Tag;
import dev.cratetrust.provenance.RepositorySnapshot.TreeEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tag step of the provenance check: finds a commit from release tags when the crate records
 * none, guesses the package folder, and judges the tags of the compared commit with {@link
 * ReleaseTagPolicy}, reading the repository's packages at most once per commit.
 *
 * <p>An accepted tag shows only that a tag of the release's name points at the commit, not who made
 * it.
 */
final class ReleaseTagCheck {
  /** Manifests read per commit before the package list counts as incomplete. */
  static final int MAX_PACKAGES = 2000;

  private final PackageId id;
  private final List<Finding> findings;
  private final Map<CommitId, List<ReleaseTagPolicy.Package>> packages = new HashMap<>();
  private boolean packagesComplete = true;

  /** A check for the crate {@code id} that adds its findings to {@code findings}. */
  ReleaseTagCheck(PackageId id, List<Finding> findings) {
    this.id = id;
    this.findings = findings;
  }

  /**
   * Judges the tags on {@code commit} and the release-style tags elsewhere, adding {@link
   * Reason#NO_RELEASE_TAG}, {@link Reason#NO_TAG_AT_ALL} and {@link Reason#RELEASE_TAG_ELSEWHERE}.
   */
  TagResult check(RepositorySnapshot repo, List<Tag> allTags, CommitId commit, String folder)
      throws UnavailableException {
    ReleaseTagPolicy policy = new ReleaseTagPolicy(id.name(), id.version(), folder);
    List<String> onCommit = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    List<String> elsewhere = new ArrayList<>();
    String matched = null;
    for (Tag t : allTags) {
      boolean here = t.commit().equals(commit);
      if (!here && ReleaseTags.read(t.name(), id.version()).isEmpty()) {
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
    TagResult tags =
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
                  + id.name()
                  + " "
                  + id.version()
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
          "release-style tags for " + id.version() + " point at other commits",
          elsewhere.toArray(String[]::new));
    }
    return tags;
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

  /**
   * The commit of the first accepted release tag whose manifest at {@code path} has this crate's
   * name and version, for crates that record no commit.
   */
  Optional<CommitId> commitFromTags(RepositorySnapshot repo, List<Tag> allTags, String path)
      throws UnavailableException {
    ReleaseTagPolicy policy = new ReleaseTagPolicy(id.name(), id.version(), path);
    for (Tag t : allTags) {
      if (!ReleaseTags.read(t.name(), id.version()).isEmpty()
          && judge(repo, policy, t.name(), t.commit()).accepted()
          && manifestAt(repo, t.commit(), path).filter(this::isThisVersion).isPresent()) {
        return Optional.of(t.commit());
      }
    }
    return Optional.empty();
  }

  /**
   * The first folder (in path order) of {@code commit} whose Cargo.toml names this crate, adding
   * {@link Reason#PACKAGE_FOLDER_GUESSED} when it is not the root.
   */
  Optional<String> guessFolder(RepositorySnapshot repo, PackagePaths paths, CommitId commit)
      throws UnavailableException {
    List<String> candidates = new ArrayList<>();
    for (TreeEntry e : paths.rootTree().values()) {
      if (e.path().equals("Cargo.toml") || e.path().endsWith("/Cargo.toml")) {
        candidates.add(e.path());
      }
    }
    candidates.sort(null);
    for (String c : candidates) {
      String dir =
          c.equals("Cargo.toml") ? "" : c.substring(0, c.length() - "/Cargo.toml".length());
      Optional<CargoManifest> m = manifestAt(repo, commit, dir);
      if (m.flatMap(CargoManifest::name).filter(n -> n.equals(id.name().value())).isPresent()) {
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
    return m.name().filter(n -> n.equals(id.name().value())).isPresent()
        && m.version().filter(v -> v.equals(id.version().value())).isPresent();
  }

  private void add(Reason reason, String detail, String... evidence) {
    findings.add(Finding.of(reason, detail, evidence));
  }
}
