package dev.cratetrust.provenance;

import dev.cratetrust.crates.BlobId;
import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.CrateFile;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.distro.PatchReversal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
  /** Runs the ordinary check on an input. */
  interface Check {
    ProvenanceReport run(ProvenanceInput input) throws UnavailableException;
  }

  private DistributionCheck() {}

  static ProvenanceReport check(ProvenanceInput in, long maxDiffBytes, Check check)
      throws UnavailableException {
    DistributionFolder dist = in.distribution().orElseThrow();
    Map<String, PatchReversal.FileChange> changes =
        dist.patches().map(PatchReversal.Result::changesByPath).orElse(Map.of());
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
    findings.addAll(facts(dist, patched));
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

  private static List<Finding> facts(DistributionFolder dist, List<String> patched) {
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
      dist.patches().stream()
          .flatMap(p -> p.patches().stream())
          .filter(pr -> pr.outcome() == PatchReversal.Outcome.REVERSED && pr.detail().isPresent())
          .forEach(pr -> evidence.add(pr.name() + ": " + pr.detail().get()));
      out.add(
          new Finding(
              Reason.DISTRIBUTION_PATCHED,
              patched.size() + " file(s) changed by distribution patches",
              evidence));
    }
    if (dist.patches().isPresent()) {
      PatchReversal.Result p = dist.patches().get();
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
