package dev.cratetrust.web;

import dev.cratetrust.trust.SourceRef;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The one-line facts a crate page and the API state about a version, in fact wording ("Source
 * verified at commit 1a2b3c4, tag v1.2.3", "2 files not in repository", "Flagged: RUSTSEC-..."),
 * each with its source and date. A fact reports what was checked; none says a crate is harmless.
 */
public final class CrateFacts {
  /** Which part of the evidence a fact comes from. */
  public enum Kind {
    PROVENANCE,
    ADVISORY,
    AUDIT,
    REVIEW,
    SIGNAL,
    REGISTRY
  }

  /** One stated fact; {@code flag} marks facts that call for attention. */
  public record Fact(Kind kind, String text, String source, Optional<Instant> date, boolean flag) {
    public String kindCode() {
      return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private CrateFacts() {}

  /** Every headline fact of the version, provenance first. */
  public static List<Fact> of(CratePageData d) {
    List<Fact> out = new ArrayList<>();
    provenance(d, out);
    advisories(d, out);
    if (!d.audits().isEmpty()) {
      out.add(
          new Fact(
              Kind.AUDIT,
              d.audits().size() + (d.audits().size() == 1 ? " vet audit" : " vet audits"),
              "cargo-vet audits",
              d.audits().stream().map(a -> a.source().readAt()).max(Instant::compareTo),
              false));
    }
    if (!d.reviews().isEmpty()) {
      out.add(
          new Fact(
              Kind.REVIEW,
              d.reviews().size() + (d.reviews().size() == 1 ? " crev review" : " crev reviews"),
              "crev proofs",
              d.reviews().stream().map(r -> r.source().readAt()).max(Instant::compareTo),
              false));
    }
    d.signals()
        .ifPresent(
            s -> {
              long warnings =
                  s.signals().stream()
                      .filter(x -> x.severity() == dev.cratetrust.signals.Severity.WARNING)
                      .count();
              long notices =
                  s.signals().stream()
                      .filter(x -> x.severity() == dev.cratetrust.signals.Severity.NOTICE)
                      .count();
              out.add(
                  new Fact(
                      Kind.SIGNAL,
                      warnings + " signal warning(s), " + notices + " notice(s)",
                      "cratetrust signals " + s.signalsVersion(),
                      Optional.of(s.computedAt()),
                      warnings > 0));
            });
    d.lookAlike()
        .ifPresent(
            m ->
                out.add(
                    new Fact(
                        Kind.SIGNAL,
                        "Name looks like the popular crate " + m.popular() + ": " + m.describe(),
                        "registry dump (popular names)",
                        d.registry().map(r -> r.dumpTime()),
                        true)));
    return out;
  }

  private static void provenance(CratePageData d, List<Fact> out) {
    CratePageData.Verdict v = d.verdict();
    if (v.cls().equals(CratePageData.Verdict.NOT_CHECKED)) {
      out.add(
          new Fact(
              Kind.PROVENANCE,
              "Not verified yet: no verification of this version is stored",
              "store",
              Optional.empty(),
              false));
      return;
    }
    if (v.cls().equals(CratePageData.Verdict.COULD_NOT_VERIFY)) {
      out.add(
          new Fact(
              Kind.PROVENANCE,
              "Could not verify: " + v.problem().orElse("the verification job failed"),
              "scan queue",
              v.at(),
              true));
      return;
    }
    String source =
        d.verification()
            .map(r -> "cratetrust verify " + r.verifierVersion() + " (" + r.origin() + ")")
            .orElse("cratetrust verify");
    Optional<JsonNode> report = d.report();
    Optional<String> commit =
        report.map(r -> r.path("commit")).filter(JsonNode::isString).map(JsonNode::asString);
    Optional<String> tag =
        report
            .map(r -> r.path("tags").path("matched"))
            .filter(JsonNode::isString)
            .map(JsonNode::asString);
    if (v.cls().equals("gold-star") && commit.isPresent()) {
      out.add(
          new Fact(
              Kind.PROVENANCE,
              "Source verified at commit "
                  + shortCommit(commit.get())
                  + tag.map(t -> ", tag " + t).orElse(""),
              source,
              v.at(),
              false));
    } else {
      out.add(
          new Fact(
              Kind.PROVENANCE,
              commit
                  .map(c -> "Commit " + shortCommit(c) + " recorded in the crate")
                  .orElse("No commit recorded in the crate"),
              source,
              v.at(),
              commit.isEmpty()));
      out.add(
          new Fact(
              Kind.PROVENANCE,
              tag.map(t -> "Release tag " + t + " at that commit").orElse("No release tag found"),
              source,
              v.at(),
              tag.isEmpty()));
    }
    if (report.isPresent()) {
      int notInRepo = 0;
      int differ = 0;
      int explained = 0;
      int unverified = 0;
      int total = 0;
      for (JsonNode f : report.get().path("files")) {
        total++;
        switch (f.path("status").asString("")) {
          case "not-in-commit" -> notInRepo++;
          case "differs" -> differ++;
          case "explained" -> explained++;
          case "unverified" -> unverified++;
          default -> {}
        }
      }
      if (notInRepo > 0) {
        out.add(
            new Fact(
                Kind.PROVENANCE, files(notInRepo) + " not in repository", source, v.at(), true));
      }
      if (differ > 0) {
        out.add(
            new Fact(
                Kind.PROVENANCE,
                files(differ) + " differ from the repository",
                source,
                v.at(),
                true));
      }
      if (explained > 0) {
        out.add(
            new Fact(
                Kind.PROVENANCE,
                files(explained) + " differ in explained ways (generated by cargo package)",
                source,
                v.at(),
                false));
      }
      if (unverified > 0) {
        out.add(
            new Fact(Kind.PROVENANCE, files(unverified) + " not compared", source, v.at(), true));
      }
      if (total > 0 && notInRepo + differ + unverified == 0) {
        out.add(
            new Fact(
                Kind.PROVENANCE,
                "All "
                    + files(total)
                    + " match the repository"
                    + (explained > 0 ? " or are explained" : ""),
                source,
                v.at(),
                false));
      }
    }
  }

  private static void advisories(CratePageData d, List<Fact> out) {
    List<CratePageData.AdvisoryFact> flagged =
        d.advisories().stream().filter(CratePageData.AdvisoryFact::flags).toList();
    for (CratePageData.AdvisoryFact a : flagged) {
      out.add(
          new Fact(
              Kind.ADVISORY,
              "Flagged: " + a.advisory().id() + " (" + a.advisory().title() + ")",
              a.source().name(),
              Optional.of(a.source().readAt()),
              true));
    }
    if (!flagged.isEmpty()) {
      return;
    }
    Optional<SourceRef> src = d.advisorySource();
    if (src.isEmpty()) {
      out.add(
          new Fact(
              Kind.ADVISORY,
              "Advisories not checked: no RustSec database in the store",
              "store",
              Optional.empty(),
              false));
    } else if (d.advisories().isEmpty()) {
      out.add(
          new Fact(
              Kind.ADVISORY,
              "No known advisories (RustSec, synced " + day(src.get().readAt()) + ")",
              src.get().name(),
              Optional.of(src.get().readAt()),
              false));
    } else {
      out.add(
          new Fact(
              Kind.ADVISORY,
              "No known advisory affects this version (RustSec, synced "
                  + day(src.get().readAt())
                  + "); "
                  + d.advisories().size()
                  + " about other versions",
              src.get().name(),
              Optional.of(src.get().readAt()),
              false));
    }
  }

  static String shortCommit(String hex) {
    return hex.length() > 7 ? hex.substring(0, 7) : hex;
  }

  static String files(int n) {
    return n + (n == 1 ? " file" : " files");
  }

  /** The UTC day of {@code t}, e.g. {@code 2026-12-01}. */
  public static String day(Instant t) {
    return t.atZone(ZoneOffset.UTC).toLocalDate().toString();
  }
}
