package dev.cratetrust.web;

import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.signals.Evidence;
import dev.cratetrust.signals.Signal;
import dev.cratetrust.store.CratePages;
import dev.cratetrust.store.ReviewCrevRepository;
import dev.cratetrust.trust.AuditFact;
import dev.cratetrust.trust.CrevProof;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Renders the crate page of one version from {@link CratePageData}; every stored string escaped.
 */
final class CratePage {
  private static final int MAX_DIFF_LINES = 400;

  private CratePage() {}

  static String render(CratePageData d, Layout layout) {
    String n = d.name().value();
    String v = d.version().value();
    Html h = new Html();
    h.open("h1").text(n + " ").element("span", v, "class", "version").close("h1");
    h.open("p", "class", "badge-row");
    h.empty(
        "img",
        "src",
        "/badge/" + n + "/" + v + ".svg",
        "alt",
        "cratetrust verdict for " + n + " " + v + ": " + d.verdict().cls());
    h.text(" ");
    h.link("/crates/" + n + "/reliability", "Reliability: history and comparisons");
    h.close("p");
    h.open("p", "class", "verdict verdict-" + d.verdict().cls())
        .text("Verdict: ")
        .element("strong", d.verdict().cls())
        .text(d.verdict().at().map(t -> " (" + CrateFacts.day(t) + ")").orElse(""))
        .close("p");
    if (!d.latest()) {
      h.open("p")
          .text("The newest version the store knows is ")
          .link(
              "/crates/" + n + "/" + d.versions().getFirst().value(),
              d.versions().getFirst().value())
          .text(".")
          .close("p");
    }
    h.element("h2", "Facts");
    h.open("ul", "class", "facts");
    for (CrateFacts.Fact f : CrateFacts.of(d)) {
      h.open("li", "class", f.flag() ? "fact flag" : "fact").text(f.text());
      h.open("span", "class", "source")
          .text(" \u2014 " + f.source() + f.date().map(t -> ", " + CrateFacts.day(t)).orElse(""))
          .close("span");
      h.close("li");
    }
    h.close("ul");
    provenance(d, h);
    advisories(d, h);
    audits(d, h);
    reviews(d, h);
    signals(d, h);
    registry(d, h);
    versions(d, h);
    return layout.page(n + " " + v, Optional.of(d.name()), h);
  }

  private static void provenance(CratePageData d, Html h) {
    h.element("h2", "Provenance", "id", "provenance");
    if (d.report().isEmpty()) {
      h.element(
          "p",
          d.verdict()
              .problem()
              .map(p -> "Verifying failed: " + p)
              .orElse("No verification stored."));
      return;
    }
    JsonNode r = d.report().get();
    h.open("table", "class", "evidence");
    row(h, "Repository", r.path("repository"), true);
    row(h, "Commit", r.path("commit"), false);
    row(h, "Folder in repository", r.path("path_in_vcs"), false);
    row(h, "Release tag", r.path("tags").path("matched"), false);
    row(h, "How the tag was recognised", r.path("tags").path("how"), false);
    row(h, "On default branch", r.path("on_default_branch"), false);
    row(h, "Read from", r.path("source"), false);
    row(h, "Archive SHA-256", r.path("archive_sha256"), false);
    row(h, "Verified at", r.path("verified_at"), false);
    row(h, "Checker", r.path("checker_version"), false);
    h.close("table");
    JsonNode findings = r.path("findings");
    if (findings.isArray() && !findings.isEmpty()) {
      h.element("h3", "Reasons");
      h.open("ul");
      for (JsonNode f : findings) {
        h.open("li").element("code", f.path("code").asString(""));
        h.text(
            " [" + (f.path("implies").isString() ? f.path("implies").asString() : "fact") + "]: ");
        h.text(f.path("detail").asString(""));
        JsonNode ev = f.path("evidence");
        if (ev.isArray() && !ev.isEmpty()) {
          h.open("ul", "class", "evidence-list");
          int i = 0;
          for (JsonNode e : ev) {
            if (i++ == 50) {
              h.element("li", "\u2026 and " + (ev.size() - 50) + " more");
              break;
            }
            h.open("li").element("code", e.asString("")).close("li");
          }
          h.close("ul");
        }
        h.close("li");
      }
      h.close("ul");
    }
    JsonNode files = r.path("files");
    h.element("h3", "Files (" + files.size() + ")");
    h.open("table", "class", "files");
    h.open("thead").open("tr");
    h.element("th", "File").element("th", "Status").element("th", "Explanation or detail");
    h.close("tr").close("thead").open("tbody");
    for (JsonNode f : files) {
      String status = f.path("status").asString("");
      h.open("tr", "class", "file-" + status);
      h.open("td").element("code", f.path("path").asString("")).close("td");
      h.element("td", status);
      h.open("td");
      if (f.path("explanation").isString()) {
        h.text(f.path("explanation").asString());
      }
      if (f.path("repository_path").isString()
          && !f.path("repository_path").asString().equals(f.path("path").asString())) {
        h.text(" (repository: " + f.path("repository_path").asString() + ")");
      }
      if (f.path("detail").isString()) {
        h.text(" " + f.path("detail").asString());
      }
      if (f.has("found_elsewhere_in_repository")) {
        h.text(
            f.path("found_elsewhere_in_repository").asBoolean()
                ? " Content found elsewhere in the repository."
                : " Content found nowhere in the repository.");
      }
      if (f.path("diff").isString()) {
        h.open("details").element("summary", "Diff (repository to crate)");
        h.element("pre", clip(f.path("diff").asString()), "class", "diff");
        h.close("details");
      }
      h.close("td").close("tr");
    }
    h.close("tbody").close("table");
  }

  private static void advisories(CratePageData d, Html h) {
    h.element("h2", "Advisories (RustSec)", "id", "advisories");
    if (d.advisorySource().isEmpty()) {
      h.element("p", "No RustSec database is in the store (cratetrust sync adds it).");
    }
    if (d.advisories().isEmpty()) {
      d.advisorySource()
          .ifPresent(
              s ->
                  h.element(
                      "p",
                      "No known advisories (RustSec, synced " + CrateFacts.day(s.readAt()) + ")."));
      return;
    }
    h.open("table").open("thead").open("tr");
    h.element("th", "Advisory").element("th", "This version").element("th", "Kind");
    h.element("th", "Date").element("th", "Title").element("th", "Source");
    h.close("tr").close("thead").open("tbody");
    for (CratePageData.AdvisoryFact a : d.advisories()) {
      h.open("tr", "class", a.flags() ? "flag" : "");
      h.open("td").link(a.advisory().link(), a.advisory().id()).close("td");
      h.element("td", a.status().name().toLowerCase(java.util.Locale.ROOT));
      h.element("td", a.advisory().kind().code());
      h.element("td", a.advisory().date());
      h.element("td", a.advisory().title());
      h.element(
          "td",
          a.source().name() + ", read " + CrateFacts.day(a.source().readAt()),
          "class",
          "source");
      h.close("tr");
    }
    h.close("tbody").close("table");
  }

  private static void audits(CratePageData d, Html h) {
    h.element("h2", "cargo-vet audits", "id", "audits");
    if (d.audits().isEmpty()) {
      h.element("p", "No stored audit covers this version.");
      return;
    }
    h.open("ul");
    for (AuditFact a : d.audits()) {
      h.open("li").element("strong", a.kind().code());
      h.text(" " + String.join(", ", a.criteria().stream().sorted().toList()));
      h.open("span", "class", "source")
          .text(" \u2014 " + a.source().name() + ", read " + CrateFacts.day(a.source().readAt()))
          .close("span");
      if (!a.chain().isEmpty()) {
        h.open("ol", "class", "chain");
        for (String link : a.chain()) {
          h.element("li", link);
        }
        h.close("ol");
      }
      h.close("li");
    }
    h.close("ul");
  }

  private static void reviews(CratePageData d, Html h) {
    h.element("h2", "crev reviews", "id", "reviews");
    if (d.reviews().isEmpty()) {
      h.element("p", "No stored crev review of this version.");
      return;
    }
    h.open("ul");
    for (ReviewCrevRepository.StoredProof<CrevProof.PackageReview> s : d.reviews()) {
      CrevProof.PackageReview r = s.proof();
      h.open("li");
      h.text(
          "rating "
              + r.rating().orElse("?")
              + ", thoroughness "
              + r.thoroughness().orElse("?")
              + ", understanding "
              + r.understanding().orElse("?")
              + " by ");
      h.element("code", r.authorId());
      h.text(" on " + r.date());
      h.open("span", "class", "source")
          .text(" \u2014 " + s.source().name() + ", read " + CrateFacts.day(s.source().readAt()))
          .close("span");
      if (!r.comment().isBlank()) {
        h.element("blockquote", r.comment());
      }
      h.close("li");
    }
    h.close("ul");
  }

  private static void signals(CratePageData d, Html h) {
    h.element("h2", "Signals", "id", "signals");
    if (d.signals().isEmpty()) {
      h.element("p", "No signals stored for this version.");
      return;
    }
    h.element(
        "p",
        "Computed "
            + CrateFacts.day(d.signals().get().computedAt())
            + " by cratetrust signals "
            + d.signals().get().signalsVersion()
            + ". A signal is a fact worth a look, not a judgement.",
        "class",
        "source");
    h.open("ul");
    for (Signal s : d.signals().get().signals()) {
      h.open("li", "class", "signal-" + s.severity().label());
      h.element("strong", s.severity().label()).text(" ").element("code", s.code());
      h.text(": " + s.message());
      if (!s.evidence().isEmpty()) {
        h.open("ul");
        for (Evidence e : s.evidence()) {
          StringBuilder b = new StringBuilder();
          if (e.file() != null) {
            b.append(e.file());
            if (e.line() > 0) {
              b.append(':').append(e.line());
            }
          }
          if (e.field() != null) {
            b.append(b.isEmpty() ? "" : " ").append(e.field());
          }
          if (e.excerpt() != null) {
            b.append(b.isEmpty() ? "" : "  ").append(e.excerpt());
          }
          h.open("li").element("code", b).close("li");
        }
        h.close("ul");
      }
      h.close("li");
    }
    h.close("ul");
  }

  private static void registry(CratePageData d, Html h) {
    h.element("h2", "Registry facts", "id", "registry");
    if (d.registry().isEmpty()) {
      h.element("p", "No registry dump in the store lists this crate (cratetrust sync-dump).");
      return;
    }
    CratePages.RegistryCrate r = d.registry().get();
    h.element(
        "p",
        "From " + r.source() + ", dump of " + CrateFacts.day(r.dumpTime()) + ".",
        "class",
        "source");
    h.open("table");
    h.open("tr").element("th", "Created").element("td", CrateFacts.day(r.createdAt())).close("tr");
    h.open("tr")
        .element("th", "Downloads")
        .element("td", String.format(java.util.Locale.ROOT, "%,d", r.downloads()))
        .close("tr");
    h.open("tr")
        .element("th", "Owners")
        .element("td", r.owners().isEmpty() ? "(none listed)" : String.join(", ", r.owners()))
        .close("tr");
    h.close("table");
    h.element("h3", "Releases");
    h.open("table").open("thead").open("tr");
    h.element("th", "Version")
        .element("th", "Published")
        .element("th", "By")
        .element("th", "Yanked");
    h.close("tr").close("thead").open("tbody");
    for (CratePages.Release rel : r.releases()) {
      h.open("tr");
      h.element("td", rel.version());
      h.element("td", CrateFacts.day(rel.publishedAt()));
      h.element("td", rel.publishedBy().orElse("(unknown)"));
      h.element("td", rel.yanked() ? "yanked" : "");
      h.close("tr");
    }
    h.close("tbody").close("table");
  }

  private static void versions(CratePageData d, Html h) {
    h.element("h2", "Versions in the store", "id", "versions");
    h.open("ul", "class", "versions");
    for (CrateVersion v : d.versions()) {
      h.open("li");
      if (v.equals(d.version())) {
        h.element("strong", v.value());
      } else {
        h.link("/crates/" + d.name().value() + "/" + v.value(), v.value());
      }
      h.close("li");
    }
    h.close("ul");
  }

  private static void row(Html h, String label, JsonNode value, boolean link) {
    if (!value.isString() && !value.isNumber()) {
      return;
    }
    h.open("tr").element("th", label).open("td");
    if (link) {
      h.link(value.asString(), value.asString());
    } else {
      h.element("code", value.asString());
    }
    h.close("td").close("tr");
  }

  private static String clip(String diff) {
    String[] lines = diff.split("\n", -1);
    if (lines.length <= MAX_DIFF_LINES) {
      return diff;
    }
    return String.join("\n", java.util.Arrays.copyOf(lines, MAX_DIFF_LINES))
        + "\n\u2026 "
        + (lines.length - MAX_DIFF_LINES)
        + " more lines";
  }
}
