package dev.cratetrust.provenance;

import dev.cratetrust.crates.BlobId;
import dev.cratetrust.crates.CargoManifest;
import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.CrateFile;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.distro.PatchReversal;
import dev.cratetrust.distro.Placement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a crate read from a distribution's folder: the files as they were before the
 * distribution's patches are compared with the repository, then each file a patch changed is
 * reported with its on-disk blob, the patches that changed it and its blob before them.
 *
 * <p>A patched file is explained only when its content before the patches passes the same
 * comparison as any published file; a file a patch added is explained as the distribution's. This
 * shows which differences the distribution's own patches account for; it does not show that the
 * patches are benign, nor that the files before them equal the archive published on the registry
 * (Debian records no checksum of it).
 */
final class DistributionCheck {
  private static final String MANIFEST = "Cargo.toml";

  /** How far a context-free hunk of Cargo.toml may be moved in the second pass. */
  private static final int MANIFEST_WINDOW = 100;

  /** Runs the ordinary check on an input. */
  interface Check {
    ProvenanceReport run(ProvenanceInput input) throws UnavailableException;
  }

  private DistributionCheck() {}

  static ProvenanceReport check(ProvenanceInput in, long maxDiffBytes, Check check)
      throws UnavailableException {
    DistributionFolder dist = in.distribution().orElseThrow();
    Optional<PatchReversal.Result> reversal = dist.patches();
    Pass pass = pass(in, reversal, check);
    Optional<PatchReversal.Result> placed = placedByRepositoryManifest(in, dist, pass.report());
    if (placed.isPresent()) {
      Pass second = pass(in, placed, check);
      if (manifestExplained(second.report())) {
        reversal = placed;
        pass = second;
      }
    }
    return annotated(in.crate(), dist, reversal, pass, maxDiffBytes);
  }

  /** The check of the files as they were before the patches, and the files the patches deleted. */
  private record Pass(ProvenanceReport report, List<PatchReversal.FileChange> deleted) {}

  private static Pass pass(ProvenanceInput in, Optional<PatchReversal.Result> reversal, Check check)
      throws UnavailableException {
    Map<String, PatchReversal.FileChange> changes =
        reversal.map(PatchReversal.Result::changesByPath).orElse(Map.of());
    CrateContents crate = in.crate();
    List<CrateFile> upstream = new ArrayList<>();
    for (CrateFile f : crate.files()) {
      PatchReversal.FileChange c = changes.get(f.path());
      if (c == null) {
        upstream.add(f);
      } else if (c.before().isPresent()) {
        upstream.add(new CrateFile(f.path(), c.before().get(), f.executable()));
      }
    }
    List<PatchReversal.FileChange> deleted = new ArrayList<>();
    for (PatchReversal.FileChange c : changes.values()) {
      if (c.onDisk().isEmpty() && c.before().isPresent()) {
        upstream.add(new CrateFile(c.path(), c.before().get(), false));
        deleted.add(c);
      }
    }
    ProvenanceReport r =
        check.run(
            new ProvenanceInput(
                new CrateContents(crate.id(), upstream, crate.origin(), crate.archiveSha256()),
                in.repositoryUrl(),
                in.repository(),
                in.trustedPublishing(),
                in.vendoredModified(),
                Optional.empty()));
    return new Pass(r, deleted);
  }

  /**
   * The series undone again with {@code Cargo.toml}'s context-free hunks placed where the manifest
   * is most consistent with the repository's manifest at the commit, when the first pass left a
   * patched {@code Cargo.toml} (with no {@code Cargo.toml.orig}) unexplained. The hunks' lines are
   * the patch's own; only their positions are chosen, so a difference the patches do not record
   * stays a difference.
   */
  private static Optional<PatchReversal.Result> placedByRepositoryManifest(
      ProvenanceInput in, DistributionFolder dist, ProvenanceReport first)
      throws UnavailableException {
    if (dist.series().isEmpty()
        || in.crate().file(ManifestConsistency.ORIG).isPresent()
        || !(in.repository() instanceof RepositoryState.Available available)
        || dist.patches().stream()
            .flatMap(p -> p.patches().stream())
            .noneMatch(p -> p.files().contains(MANIFEST))
        || manifestExplained(first)) {
      return Optional.empty();
    }
    if (first.commit().isEmpty()) {
      return Optional.empty();
    }
    RepositorySnapshot repo = available.snapshot();
    Optional<RepositorySnapshot.TreeEntry> entry =
        repo.tree(first.commit().get(), first.pathInVcs().orElse("")).stream()
            .filter(e -> e.path().equals(MANIFEST))
            .filter(
                e ->
                    e.mode() == RepositorySnapshot.EntryMode.FILE
                        || e.mode() == RepositorySnapshot.EntryMode.EXECUTABLE)
            .findFirst();
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    Optional<byte[]> bytes = repo.blob(entry.get().blobId(), CargoManifest.MAX_BYTES);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    CargoManifest inRepo;
    try {
      inRepo = CargoManifest.parse(bytes.get());
    } catch (CargoManifest.InvalidManifestException e) {
      return Optional.empty();
    }
    CrateContents crate = in.crate();
    String commit = first.commit().map(c -> " at commit " + c.abbreviated()).orElse("");
    Placement consistent =
        new Placement() {
          @Override
          public int window(String path) {
            return path.equals(MANIFEST) ? MANIFEST_WINDOW : 0;
          }

          @Override
          public long cost(String path, byte[] content) {
            CargoManifest candidate;
            try {
              candidate = CargoManifest.parse(content);
            } catch (CargoManifest.InvalidManifestException e) {
              return IMPLAUSIBLE;
            }
            int differences =
                ManifestConsistency.differences(
                        inRepo,
                        ManifestConsistency.REPOSITORY,
                        candidate,
                        p -> CargoFilesCheck.inPackage(crate, p))
                    .size();
            return differences * 1_000L + featureDistance(inRepo, candidate);
          }

          @Override
          public String reason() {
            return "the positions that make it most consistent with the repository's Cargo.toml"
                + commit;
          }
        };
    return Optional.of(dist.series().get().reverse(consistent));
  }

  /**
   * How many feature entries differ between two manifests' feature tables, so that moving one line
   * of a feature list to the right feature counts as progress before the whole list agrees.
   */
  private static long featureDistance(CargoManifest a, CargoManifest b) {
    Set<String> names = new HashSet<>(a.featureTable().keySet());
    names.addAll(b.featureTable().keySet());
    long distance = 0;
    for (String name : names) {
      Set<String> x = new HashSet<>(a.featureTable().getOrDefault(name, List.of()));
      Set<String> y = new HashSet<>(b.featureTable().getOrDefault(name, List.of()));
      Set<String> onlyX = new HashSet<>(x);
      onlyX.removeAll(y);
      Set<String> onlyY = new HashSet<>(y);
      onlyY.removeAll(x);
      distance += onlyX.size() + onlyY.size();
    }
    return distance;
  }

  private static boolean manifestExplained(ProvenanceReport r) {
    return r.files().stream()
        .filter(f -> f.path().equals(MANIFEST))
        .allMatch(
            f ->
                f.status() == FileResult.Status.MATCH || f.status() == FileResult.Status.EXPLAINED);
  }

  private static ProvenanceReport annotated(
      CrateContents crate,
      DistributionFolder dist,
      Optional<PatchReversal.Result> reversal,
      Pass pass,
      long maxDiffBytes) {
    Map<String, PatchReversal.FileChange> changes =
        reversal.map(PatchReversal.Result::changesByPath).orElse(Map.of());
    ProvenanceReport r = pass.report();
    List<PatchReversal.FileChange> deleted = pass.deleted();
    Map<String, FileResult> byPath = new LinkedHashMap<>();
    r.files().forEach(f -> byPath.put(f.path(), f));
    List<FileResult> files = new ArrayList<>();
    List<String> patched = new ArrayList<>();
    for (CrateFile f : crate.files()) {
      PatchReversal.FileChange c = changes.get(f.path());
      if (c == null) {
        files.add(byPath.get(f.path()));
        continue;
      }
      patched.add(f.path() + ": " + String.join(", ", c.patches()));
      files.add(
          c.before().isEmpty()
              ? added(f, c, maxDiffBytes)
              : annotate(byPath.get(f.path()), c, maxDiffBytes));
    }
    for (PatchReversal.FileChange c : deleted) {
      patched.add(c.path() + " (deleted): " + String.join(", ", c.patches()));
      FileResult d = byPath.get(c.path());
      files.add(
          withDetail(
              d,
              "deleted by "
                  + String.join(", ", c.patches())
                  + "; compared as the patch records it before deletion"));
    }
    List<Finding> findings = new ArrayList<>(r.reasons());
    findings.addAll(facts(dist, reversal, patched));
    return new ProvenanceReport(
        crate.id(),
        r.category(),
        findings,
        r.repository(),
        r.commit(),
        r.pathInVcs(),
        r.tags(),
        r.defaultBranch(),
        files,
        r.trustedPublishing(),
        r.checkerVersion());
  }

  private static List<Finding> facts(
      DistributionFolder dist, Optional<PatchReversal.Result> reversal, List<String> patched) {
    List<Finding> out = new ArrayList<>();
    dist.checksumUnavailable()
        .ifPresent(
            note ->
                out.add(
                    Finding.of(
                        Reason.PACKAGE_CHECKSUM_UNAVAILABLE,
                        ".cargo-checksum.json records '"
                            + InputText.printable(note)
                            + "' instead of the .crate's SHA-256; every file is compared with the"
                            + " repository instead")));
    if (!dist.notCrateFiles().isEmpty()) {
      out.add(
          new Finding(
              Reason.DISTRIBUTION_FOLDER,
              dist.layout().orElse("distribution")
                  + ": "
                  + dist.notCrateFiles().size()
                  + " file(s) of the distribution's own folder not compared",
              dist.notCrateFiles()));
    }
    if (!patched.isEmpty()) {
      List<String> evidence = new ArrayList<>(patched);
      reversal.stream()
          .flatMap(p -> p.patches().stream())
          .filter(pr -> pr.outcome() == PatchReversal.Outcome.REVERSED && pr.detail().isPresent())
          .forEach(pr -> evidence.add(pr.name() + ": " + pr.detail().get()));
      out.add(
          new Finding(
              Reason.DISTRIBUTION_PATCHED,
              patched.size() + " file(s) changed by distribution patches",
              evidence));
    }
    if (reversal.isPresent()) {
      PatchReversal.Result p = reversal.get();
      p.seriesProblem()
          .ifPresent(
              why ->
                  out.add(
                      Finding.of(
                          Reason.DISTRIBUTION_PATCH_NOT_APPLIED,
                          why + "; no patch was reverse-applied",
                          p.series())));
      for (PatchReversal.PatchResult pr : p.patches()) {
        if (pr.outcome() != PatchReversal.Outcome.REVERSED) {
          List<String> evidence = new ArrayList<>();
          evidence.add(pr.name());
          evidence.addAll(pr.files());
          out.add(
              new Finding(
                  Reason.DISTRIBUTION_PATCH_NOT_APPLIED,
                  pr.name() + ": " + pr.detail().orElse(pr.outcome().name()),
                  evidence));
        }
      }
    }
    return out;
  }

  private static FileResult annotate(FileResult r, PatchReversal.FileChange c, long maxDiffBytes) {
    byte[] before = c.before().orElseThrow();
    byte[] disk = c.onDisk().orElseThrow();
    String beforeBlob = BlobId.of(before).hex();
    String by = String.join(", ", c.patches());
    if (r.status() == FileResult.Status.MATCH || r.status() == FileResult.Status.EXPLAINED) {
      String detail =
          "changed by "
              + by
              + "; before the patches: blob "
              + beforeBlob
              + r.explanation().map(e -> ", " + e.description()).orElse(", the repository's file");
      return new FileResult(
          r.path(),
          r.repositoryPath(),
          FileResult.Status.EXPLAINED,
          Optional.of(Explanation.DISTRIBUTION_PATCH),
          BlobId.of(disk).hex(),
          r.repositoryBlob(),
          Optional.empty(),
          diff("before-patches/" + r.path(), r.path(), before, disk, maxDiffBytes),
          Optional.of(detail));
    }
    return new FileResult(
        r.path(),
        r.repositoryPath(),
        r.status(),
        r.explanation(),
        BlobId.of(disk).hex(),
        r.repositoryBlob(),
        r.foundElsewhere(),
        r.diff(),
        Optional.of(
            "changed by "
                + by
                + "; compared as it was before the patches (blob "
                + beforeBlob
                + "), shown in the diff"));
  }

  private static FileResult added(CrateFile f, PatchReversal.FileChange c, long maxDiffBytes) {
    return new FileResult(
        f.path(),
        Optional.empty(),
        FileResult.Status.EXPLAINED,
        Optional.of(Explanation.DISTRIBUTION_PATCH),
        f.blobId().hex(),
        Optional.empty(),
        Optional.empty(),
        diff("/dev/null", f.path(), new byte[0], f.content(), maxDiffBytes),
        Optional.of(
            "added by " + String.join(", ", c.patches()) + "; not in the crate as published"));
  }

  private static FileResult withDetail(FileResult r, String detail) {
    return new FileResult(
        r.path(),
        r.repositoryPath(),
        r.status(),
        r.explanation(),
        r.crateBlob(),
        r.repositoryBlob(),
        r.foundElsewhere(),
        r.diff(),
        Optional.of(detail));
  }

  private static Optional<String> diff(
      String from, String to, byte[] before, byte[] after, long maxDiffBytes) {
    return new DiffRenderer(maxDiffBytes).unified(from, "crate/" + to, before, after);
  }
}
