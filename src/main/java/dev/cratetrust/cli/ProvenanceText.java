package dev.cratetrust.cli;

import dev.cratetrust.crates.InputText;
import dev.cratetrust.provenance.Category;
import dev.cratetrust.provenance.FileResult;
import dev.cratetrust.provenance.Finding;
import dev.cratetrust.provenance.ProvenanceReport;
import dev.cratetrust.registry.VendorChecksums;
import dev.cratetrust.verify.Verification;
import java.io.PrintWriter;
import java.util.List;

/** Renders a provenance report for a terminal: class, reasons, commit, tags, files, diffs. */
final class ProvenanceText {
  private ProvenanceText() {}

  static void print(Verification v, PrintWriter out) {
    print(v.report(), v.source(), out);
    if (v.checksums().isPresent()) {
      VendorChecksums c = v.checksums().get();
      out.println();
      out.println(
          "Vendored .cargo-checksum.json: package sha256 "
              + c.packageSha256()
                  .orElse(
                      c.packageChecksum() == VendorChecksums.PackageChecksum.UNAVAILABLE
                          ? "unavailable ('" + VendorChecksums.DEBIAN_UNAVAILABLE + "')"
                          : "(not recorded)"));
      List<VendorChecksums.FileCheck> d = c.discrepancies();
      if (c.listsNoFiles()) {
        out.println("  lists no files (as Debian writes it): no file is checked against it");
        d = List.of();
      } else if (d.isEmpty()) {
        out.println("  every listed file matches its recorded sha256");
      }
      for (VendorChecksums.FileCheck f : d) {
        out.println(
            "  "
                + InputText.printable(f.path())
                + ": "
                + f.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
      }
    }
  }

  static void print(ProvenanceReport r, String source, PrintWriter out) {
    out.println(r.crate() + "  " + label(r.category()));
    out.println("  source:      " + InputText.printable(source));
    out.println("  repository:  " + r.repository().map(InputText::printable).orElse("(none)"));
    out.println(
        "  commit:      "
            + r.commit().map(c -> c.hex()).orElse("(unknown)")
            + r.pathInVcs().filter(p -> !p.isEmpty()).map(p -> "  folder " + p).orElse(""));
    String tag =
        r.tags().matched().map(t -> t + " (" + r.tags().how().code() + ")").orElse("(none)");
    out.println("  release tag: " + InputText.printable(tag));
    r.defaultBranch()
        .ifPresent(
            b ->
                out.println(
                    "  on default branch: "
                        + switch (b) {
                          case REACHABLE -> "yes";
                          case NOT_REACHABLE -> "no";
                          case UNKNOWN -> "unknown (no default branch)";
                        }));
    if (!r.tags().onCommit().isEmpty()) {
      out.println(
          "  tags on commit: " + InputText.printable(String.join(", ", r.tags().onCommit())));
    }
    long matched = r.files().stream().filter(f -> f.status() == FileResult.Status.MATCH).count();
    long explained = r.explained().size();
    long unverified =
        r.files().stream().filter(f -> f.status() == FileResult.Status.UNVERIFIED).count();
    out.println(
        "  files:       "
            + r.files().size()
            + " in crate, "
            + matched
            + " identical, "
            + explained
            + " explained, "
            + r.mismatches().size()
            + " mismatched, "
            + unverified
            + " not compared");
    if (r.reasons().isEmpty()) {
      out.println();
      out.println("No problems found: every file matches the repository at a release tag.");
    } else {
      out.println();
      out.println("Reasons:");
      for (Finding f : r.reasons()) {
        String impact = f.reason().implies().map(c -> " [" + c.code() + "]").orElse(" [fact]");
        out.println("  - " + f.reason().code() + impact + ": " + InputText.printable(f.detail()));
        List<String> ev = f.evidence();
        for (int i = 0; i < Math.min(ev.size(), 20); i++) {
          out.println("      " + InputText.printable(ev.get(i)));
        }
        if (ev.size() > 20) {
          out.println("      ... and " + (ev.size() - 20) + " more");
        }
      }
    }
    if (!r.mismatches().isEmpty()) {
      out.println();
      out.println("Mismatched files:");
      out.printf("  %-50s %-14s %s%n", "PATH", "STATUS", "CONTENT ELSEWHERE IN REPOSITORY");
      for (FileResult f : r.mismatches()) {
        out.printf(
            "  %-50s %-14s %s%n",
            InputText.printable(f.path()),
            f.status().code(),
            f.foundElsewhere().map(b -> b ? "yes" : "no").orElse("?"));
        f.detail().ifPresent(x -> out.println("      " + InputText.printable(x)));
      }
      for (FileResult f : r.mismatches()) {
        if (f.diff().isPresent()) {
          out.println();
          out.println(sanitizeDiff(f.diff().get()));
        }
      }
    }
    if (!r.explained().isEmpty()) {
      out.println();
      out.println("Explained differences:");
      for (FileResult f : r.explained()) {
        out.println(
            "  "
                + InputText.printable(f.path())
                + ": "
                + f.explanation().orElseThrow().description()
                + f.repositoryPath().map(p -> " (" + InputText.printable(p) + ")").orElse("")
                + f.detail().map(x -> "\n      " + InputText.printable(x)).orElse(""));
      }
    }
  }

  private static String sanitizeDiff(String diff) {
    StringBuilder b = new StringBuilder();
    for (String line : diff.split("\n", -1)) {
      b.append(InputText.printable(line.length() > 500 ? line.substring(0, 500) + "..." : line))
          .append('\n');
    }
    return b.toString().stripTrailing();
  }

  static String label(Category c) {
    return switch (c) {
      case GOLD_STAR -> "GOLD STAR";
      case NEEDS_IMPROVEMENT -> "NEEDS IMPROVEMENT";
      case LOOKS_SKETCHY -> "LOOKS SKETCHY";
    };
  }
}
