package dev.cratetrust.diff;

import dev.cratetrust.crates.CargoManifest;
import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.CrateFile;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.crates.VcsInfo;
import dev.cratetrust.provenance.Explanation;
import dev.cratetrust.provenance.PackagePaths;
import dev.cratetrust.provenance.PackagePaths.Resolved;
import dev.cratetrust.provenance.RepositorySnapshot;
import dev.cratetrust.provenance.RepositorySnapshot.EntryMode;
import dev.cratetrust.provenance.RepositorySnapshot.TreeEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Builds the repository side of a crate-to-repository diff: for every file of the crate, the file
 * at the same path in the package folder of the claimed commit (through symlinks, and the readme or
 * license file cargo copies from outside the folder), so that {@link CrateDiffer} can show what the
 * tarball adds or changes. Paths are resolved by {@link PackagePaths}, the same code the provenance
 * check uses; a file inside a submodule, reached directly or through a symlink, is listed as not
 * compared.
 *
 * <p>Files cargo writes itself ({@code .cargo_vcs_info.json}, the normalized {@code Cargo.toml}, a
 * generated {@code Cargo.lock}) are set aside as expected rather than compared. A clean result
 * shows only that the published files equal the commit's; it says nothing about what that code
 * does, nor that the commit is the project's real history.
 */
public final class RepositorySides {
  /** Repository files larger than this are not read; they are listed as not compared. */
  public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

  private RepositorySides() {}

  /** A crate file that is not compared, and why. */
  public record Skipped(String path, String why) {}

  /**
   * Both sides of the comparison.
   *
   * @param repository the repository's files under the crate's paths ({@code Cargo.toml.orig} holds
   *     the repository's {@code Cargo.toml}; so does {@code Cargo.toml}, set aside as expected, so
   *     that signals read the same manifest on both sides)
   * @param expected crate files cargo writes itself, with the reason, left out of the file list
   * @param notCompared crate files whose repository counterpart could not be read (submodules,
   *     oversized files), left out of the file list
   * @param notPackaged files of the repository's package folder that are not in the crate
   */
  public record Sides(
      CrateContents repository,
      CrateContents crate,
      String url,
      CommitId commit,
      String pathInVcs,
      List<Skipped> expected,
      List<Skipped> notCompared,
      List<String> notPackaged) {
    public Sides {
      expected = List.copyOf(expected);
      notCompared = List.copyOf(notCompared);
      notPackaged = List.copyOf(notPackaged);
    }

    /**
     * The manifest whose changes the diff summarises: {@code Cargo.toml.orig} (the publisher's
     * manifest) when the crate has one, else {@code Cargo.toml} (crates packaged before cargo kept
     * the original).
     */
    public String manifestPath() {
      return crate.file("Cargo.toml.orig").isPresent() ? "Cargo.toml.orig" : "Cargo.toml";
    }

    /**
     * Paths {@link CrateDiffer#diff(CrateContents, CrateContents, java.util.Set, String)} skips.
     */
    public java.util.Set<String> skippedPaths() {
      java.util.Set<String> s = new TreeSet<>();
      expected.forEach(x -> s.add(x.path()));
      notCompared.forEach(x -> s.add(x.path()));
      return s;
    }
  }

  /**
   * Reads the repository side for {@code crate} from {@code repo} at {@code commit}, package folder
   * {@code pathInVcs} ("" at the root).
   */
  public static Sides build(
      CrateContents crate, RepositorySnapshot repo, CommitId commit, String pathInVcs)
      throws UnavailableException {
    String folder = trimSlashes(pathInVcs);
    PackagePaths paths = new PackagePaths(repo, commit);
    Map<String, TreeEntry> root = paths.rootTree();
    Map<String, CrateFile> crateFiles = crate.byPath();
    List<Skipped> expected = new ArrayList<>();
    List<Skipped> notCompared = new ArrayList<>();
    Map<String, CrateFile> repoFiles = new LinkedHashMap<>();
    boolean hasOrig = crateFiles.containsKey("Cargo.toml.orig");
    for (CrateFile f : crate.files()) {
      String p = f.path();
      String repoPath = p;
      if (p.equals(VcsInfo.FILE_NAME) && !root.containsKey(PackagePaths.join(folder, p))) {
        expected.add(new Skipped(p, Explanation.VCS_INFO.description()));
        continue;
      }
      if (p.equals("Cargo.toml") && hasOrig) {
        expected.add(
            new Skipped(
                p,
                "normalized by cargo package; Cargo.toml.orig is compared with the repository's"
                    + " Cargo.toml instead (verify checks that the two are consistent)"));
        repoPath = null;
      } else if (p.equals("Cargo.toml.orig")) {
        repoPath = "Cargo.toml";
      }
      if (repoPath == null) {
        continue;
      }
      Resolved r = paths.resolve(PackagePaths.join(folder, repoPath));
      if (r instanceof Resolved.Missing && p.equals("Cargo.lock")) {
        expected.add(new Skipped(p, Explanation.CARGO_LOCK_GENERATED.description()));
        continue;
      }
      if (r instanceof Resolved.Missing) {
        r = outsidePackage(paths, crate, folder, p);
      }
      switch (r) {
        case Resolved.File file -> {
          Optional<byte[]> bytes = repo.blob(file.entry().blobId(), MAX_FILE_BYTES);
          if (bytes.isEmpty()) {
            notCompared.add(
                new Skipped(p, "repository file larger than " + MAX_FILE_BYTES + " bytes"));
          } else {
            repoFiles.put(
                p, new CrateFile(p, bytes.get(), file.entry().mode() == EntryMode.EXECUTABLE));
          }
        }
        case Resolved.InSubmodule s ->
            notCompared.add(
                new Skipped(
                    p,
                    "inside submodule "
                        + InputText.printable(s.modulePath())
                        + "; compare with that repository"));
        case Resolved.Missing m -> {
          // only in the crate: the diff shows it as added with its content
        }
      }
    }
    CrateFile repoManifest = repoFiles.get("Cargo.toml.orig");
    if (repoManifest != null && crateFiles.containsKey("Cargo.toml")) {
      repoFiles.put(
          "Cargo.toml",
          new CrateFile("Cargo.toml", repoManifest.content(), repoManifest.executable()));
    }
    List<String> notPackaged = new ArrayList<>();
    String prefix = folder.isEmpty() ? "" : folder + "/";
    for (String path : new TreeSet<>(root.keySet())) {
      if (!path.startsWith(prefix) || root.get(path).mode() == EntryMode.GITLINK) {
        continue;
      }
      String rel = path.substring(prefix.length());
      if (!crateFiles.containsKey(rel) && !(rel.equals("Cargo.toml") && hasOrig)) {
        notPackaged.add(rel);
      }
    }
    CrateContents repoSide =
        new CrateContents(
            crate.id(),
            new ArrayList<>(repoFiles.values()),
            repo.url() + "@" + commit.hex() + (folder.isEmpty() ? "" : ":" + folder),
            Optional.empty());
    return new Sides(
        repoSide, crate, repo.url(), commit, folder, expected, notCompared, notPackaged);
  }

  /** The readme or license file that cargo copies into the package root from {@code ../}. */
  private static Resolved outsidePackage(
      PackagePaths paths, CrateContents crate, String folder, String path)
      throws UnavailableException {
    List<String> declared = new ArrayList<>();
    for (String m : List.of("Cargo.toml.orig", "Cargo.toml")) {
      Optional<CrateFile> f = crate.file(m);
      if (f.isEmpty()) {
        continue;
      }
      try {
        CargoManifest manifest = CargoManifest.parse(f.get().content());
        manifest.readme().ifPresent(declared::add);
        manifest.licenseFile().ifPresent(declared::add);
      } catch (CargoManifest.InvalidManifestException e) {
        // an unreadable manifest declares nothing; the file then shows as added
      }
    }
    for (String target : PackagePaths.outsideCandidates(declared, folder, path)) {
      Resolved r = paths.resolve(target);
      if (!(r instanceof Resolved.Missing)) {
        return r;
      }
    }
    return new Resolved.Missing();
  }

  private static String trimSlashes(String p) {
    String s = p == null ? "" : p.replace('\\', '/');
    while (s.startsWith("/")) {
      s = s.substring(1);
    }
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }
}
