package dev.cratetrust.web;

import dev.cratetrust.signals.Signal;
import dev.cratetrust.store.ScanJobs;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders the Reliability tab, the version comparison and the tarball-versus-repository diff as
 * HTML. Every crate-supplied string (file names, diff lines, signal messages, review text) goes
 * through {@link Html}'s escaping; there is no inline script or style.
 */
final class ReliabilityPages {
  private ReliabilityPages() {}

  static Html timeline(
      ReliabilityTimeline t, Map<String, ScanJobs.JobStatus> jobs, boolean readOnly) {
    String name = t.crate().value();
    Html h = new Html();
    h.element("h1", name + ": Reliability");
    h.element(
        "p",
        "Every stored version of this crate, newest first: its verdict, its chain of custody, the"
            + " flags raised and why, and what changed since the previous version and since the"
            + " last version whose files matched its repository. Each fact names its source and"
            + " date.");
    compareForm(h, t, Optional.empty(), Optional.empty());
    for (ReliabilityTimeline.Entry e : t.entries()) {
      String v = e.version().value();
      h.open("section", "class", "timeline-entry", "id", "v-" + v, "aria-labelledby", "h-" + v);
      h.open("h2", "id", "h-" + v).text(v).text(" ");
      verdictBadge(h, e.verdict());
      h.close("h2");
      e.verdict()
          .ifPresent(
              d ->
                  h.open("p", "class", "source")
                      .text(
                          "Verified "
                              + d.verifiedAt()
                              + " by "
                              + d.verifierVersion()
                              + d.commit().map(c -> ", commit " + c).orElse(""))
                      .close("p"));
      custody(h, e.custody(), "Chain of custody of " + v);
      flags(h, e.flags());
      if (e.sinceLastVerified().isPresent()
          && !e.sinceLastVerified().get().base().equals(e.sincePrevious().orElseThrow().base())) {
        step(h, name, v, e.sinceLastVerified().get(), "since the last verified version");
      }
      e.sincePrevious().ifPresent(s -> step(h, name, v, s, "since the previous stored version"));
      facts(h, e.facts());
      h.open("p", "class", "actions");
      if (e.verdict().isPresent()) {
        h.link("/crates/" + name + "/" + v + "/source-diff", "Tarball vs repository for " + v);
      }
      h.close("p");
      verifyBlock(h, name, v, Optional.ofNullable(jobs.get(v)), readOnly);
      h.close("section");
    }
    return h;
  }

  static Html comparison(
      String name,
      ReliabilityTimeline t,
      ReliabilityTimeline.Entry from,
      ReliabilityTimeline.Entry to,
      ReliabilityTimeline.Step s) {
    Html h = new Html();
    String a = from.version().value();
    String b = to.version().value();
    h.element("h1", name + ": " + a + " compared with " + b);
    compareForm(h, t, Optional.of(a), Optional.of(b));
    h.open("table", "class", "compare");
    h.element("caption", "Verdict and chain of custody, side by side");
    h.open("thead").open("tr");
    h.element("th", "", "scope", "col").element("th", a, "scope", "col");
    h.element("th", b, "scope", "col").close("tr").close("thead").open("tbody");
    h.open("tr").element("th", "Verdict", "scope", "row");
    h.open("td");
    verdictBadge(h, from.verdict());
    h.close("td").open("td");
    verdictBadge(h, to.verdict());
    h.close("td").close("tr");
    for (int i = 0; i < from.custody().links().size(); i++) {
      CustodyChain.Link l = from.custody().links().get(i);
      CustodyChain.Link r = to.custody().links().get(i);
      h.open("tr").element("th", l.kind().title(), "scope", "row");
      linkCell(h, l);
      linkCell(h, r);
      h.close("tr");
    }
    h.close("tbody").close("table");
    h.element("h2", "Files");
    if (s.files().isPresent()) {
      StoredFiles f = s.files().get();
      h.element(
          "p",
          f.added().size()
              + " added, "
              + f.removed().size()
              + " removed, "
              + f.changed().size()
              + " changed, "
              + f.unchanged()
              + " unchanged (by each file's git blob id in the crate).");
      pathList(h, "Added", f.added());
      pathList(h, "Removed", f.removed());
      pathList(h, "Changed", f.changed());
    } else {
      h.element("p", "The stored reports do not list the files of both versions.");
    }
    h.open("p", "class", "source")
        .text(
            "Line diffs between two versions are not stored (the store keeps each file's blob id,"
                + " not its content); run ")
        .element("code", "cratetrust diff " + name + " " + a + " " + b)
        .text(" for them.")
        .close("p");
    h.element("h2", "Signals that changed");
    signalChange(h, s.signals());
    h.open("p", "class", "actions");
    h.link("/crates/" + name + "/" + a + "/source-diff", "Tarball vs repository for " + a);
    h.text(" · ");
    h.link("/crates/" + name + "/" + b + "/source-diff", "Tarball vs repository for " + b);
    h.close("p");
    return h;
  }

  static Html sourceDiff(SourceDiff d) {
    Html h = new Html();
    String name = d.id().name().value();
    String v = d.id().version().value();
    h.element("h1", name + " " + v + ": tarball vs repository");
    h.open("p").text("Verdict: ");
    verdictBadge(h, Optional.of(d.category()));
    h.text(
        d.commit().map(c -> ". Compared with commit " + c).orElse(". No commit was compared")
            + d.repository().map(r -> " of " + r).orElse("")
            + ", verified "
            + d.verifiedAt()
            + ".");
    h.close("p");
    h.element(
        "p",
        "These are the diffs the verifier stored when it ran (from the repository's file to the"
            + " crate's), not a fresh comparison: it keeps them for text files up to its size cap,"
            + " so a larger or binary file is listed without one.",
        "class",
        "source");
    h.element("p", d.matching() + " file(s) equal the commit.");
    if (!d.hasDifferences()) {
      h.element("p", "No file differs from the commit or is missing from it.", "class", "fact");
    }
    if (d.files().isEmpty()) {
      h.element("p", "Every file of the crate equals the commit: there is no difference to show.");
      return h;
    }
    h.open("table", "class", "file-list");
    h.element("caption", "Files that do not simply equal the commit");
    h.open("thead").open("tr");
    h.element("th", "File", "scope", "col").element("th", "Status", "scope", "col");
    h.element("th", "Note", "scope", "col").close("tr").close("thead").open("tbody");
    int i = 0;
    for (SourceDiff.FileEntry f : d.files()) {
      i++;
      h.open("tr").open("td");
      if (f.diff().isPresent()) {
        h.link("#file-" + i, f.path(), "class", "mono");
      } else {
        h.element("span", f.path(), "class", "mono");
      }
      h.close("td");
      h.open("td").element("span", f.status(), "class", "status status-" + f.status()).close("td");
      h.element("td", f.note().orElse(""));
      h.close("tr");
    }
    h.close("tbody").close("table");
    i = 0;
    for (SourceDiff.FileEntry f : d.files()) {
      i++;
      if (f.diff().isEmpty()) {
        continue;
      }
      h.open("section", "class", "file-diff", "id", "file-" + i, "aria-label", f.path());
      h.element("h2", f.path(), "class", "mono");
      diff(h, f.diff().get(), DiffHighlighter.Language.of(f.path()));
      h.close("section");
    }
    return h;
  }

  /** A highlighted unified diff in a {@code pre}: one span per line, one span per token. */
  static void diff(Html h, String unified, DiffHighlighter.Language language) {
    List<DiffHighlighter.Line> lines = DiffHighlighter.lines(unified, language);
    h.open("pre", "class", "diff", "tabindex", "0").open("code");
    for (DiffHighlighter.Line line : lines) {
      h.open("span", "class", "diff-line " + line.kind().cssClass());
      if (!line.marker().isEmpty()) {
        h.element("span", line.marker(), "class", "diff-marker");
      }
      for (DiffHighlighter.Token t : line.tokens()) {
        if (t.kind() == DiffHighlighter.TokenKind.PLAIN) {
          h.text(t.text());
        } else {
          h.element("span", t.text(), "class", t.kind().cssClass());
        }
      }
      h.close("span").raw("\n");
    }
    h.close("code").close("pre");
    int total = DiffHighlighter.lineCount(unified);
    if (total > lines.size()) {
      h.element("p", (total - lines.size()) + " more line(s) not shown.", "class", "source");
    }
  }

  private static void compareForm(
      Html h, ReliabilityTimeline t, Optional<String> from, Optional<String> to) {
    if (t.entries().size() < 2) {
      return;
    }
    String name = t.crate().value();
    List<String> versions = t.entries().stream().map(e -> e.version().value()).toList();
    h.open(
        "form", "class", "compare-form", "method", "get", "action", "/crates/" + name + "/compare");
    h.element("label", "Compare", "for", "compare-from");
    select(h, "compare-from", "from", versions, from.orElse(versions.get(1)));
    h.element("label", "with", "for", "compare-to");
    select(h, "compare-to", "to", versions, to.orElse(versions.get(0)));
    h.element("button", "Compare versions", "type", "submit");
    h.close("form");
  }

  private static void select(Html h, String id, String name, List<String> values, String selected) {
    h.open("select", "id", id, "name", name);
    for (String v : values) {
      if (v.equals(selected)) {
        h.open("option", "value", v, "selected", "selected").text(v).close("option");
      } else {
        h.element("option", v, "value", v);
      }
    }
    h.close("select");
  }

  static void verdictBadge(Html h, Optional<?> verdict) {
    Optional<String> category =
        verdict.map(
            v -> v instanceof ReliabilityTimeline.Verdict d ? d.category() : String.valueOf(v));
    if (category.isEmpty()) {
      h.element("span", "not verified", "class", "verdict verdict-could-not-verify");
      return;
    }
    h.element("span", category.get(), "class", "verdict verdict-" + category.get());
  }

  private static void custody(Html h, CustodyChain chain, String label) {
    h.open("ol", "class", "custody", "aria-label", label);
    for (CustodyChain.Link l : chain.links()) {
      h.open("li", "class", "custody-link custody-" + l.state().code());
      h.element("span", l.kind().title(), "class", "custody-title");
      h.element("span", stateWord(l.state()), "class", "custody-state");
      h.element("span", l.detail(), "class", "custody-detail");
      h.close("li");
    }
    h.close("ol");
  }

  private static void linkCell(Html h, CustodyChain.Link l) {
    h.open("td", "class", "custody-" + l.state().code());
    h.element("span", stateWord(l.state()), "class", "custody-state");
    h.text(" ").element("span", l.detail(), "class", "custody-detail");
    h.close("td");
  }

  static String stateWord(CustodyChain.LinkState s) {
    return switch (s) {
      case CHECKED -> "checked";
      case FAILED -> "contradicted";
      case MISSING -> "missing";
      case NOT_RECORDED -> "not recorded";
    };
  }

  private static void flags(Html h, List<ReliabilityTimeline.Flag> flags) {
    if (flags.isEmpty()) {
      h.element("p", "No flags.", "class", "fact");
      return;
    }
    h.open("ul", "class", "flags", "aria-label", "Flags");
    for (ReliabilityTimeline.Flag f : flags) {
      h.open("li", "class", "flag");
      h.text("Flagged (" + f.kind() + "): ").element("code", f.code()).text(": " + f.reason());
      h.text(" ").element("span", "(" + f.source() + ")", "class", "source");
      h.close("li");
    }
    h.close("ul");
  }

  private static void step(
      Html h, String name, String version, ReliabilityTimeline.Step s, String what) {
    String base = s.base().value();
    h.open("div", "class", "what-changed");
    h.open("h3")
        .text("What changed " + what + " (" + base + s.baseCategory().map(c -> ", " + c).orElse(""))
        .text(")")
        .close("h3");
    signalChange(h, s.signals());
    s.files()
        .ifPresent(
            f ->
                h.element(
                    "p",
                    "Files: "
                        + f.added().size()
                        + " added, "
                        + f.removed().size()
                        + " removed, "
                        + f.changed().size()
                        + " changed.",
                    "class",
                    "fact"));
    h.open("p")
        .link(
            "/crates/" + name + "/compare?from=" + base + "&to=" + version,
            "Compare " + base + " with " + version)
        .close("p");
    h.close("div");
  }

  private static void signalChange(Html h, SignalChange c) {
    if (c.isEmpty()) {
      h.element("p", "No signal appeared or went away.", "class", "fact");
      return;
    }
    for (Map.Entry<SignalChange.Group, List<Signal>> g : c.appearedByGroup().entrySet()) {
      h.open("div", "class", "signal-group signal-group-" + g.getKey().code());
      h.element("h4", g.getKey().title() + " (appeared)");
      signalList(h, g.getValue());
      h.close("div");
    }
    if (!c.wentAway().isEmpty()) {
      h.open("div", "class", "signal-group signal-group-gone");
      h.element("h4", "Signals that went away");
      signalList(h, c.wentAway());
      h.close("div");
    }
  }

  private static void signalList(Html h, List<Signal> signals) {
    h.open("ul");
    for (Signal s : signals) {
      h.open("li", "class", "signal signal-" + s.severity().label());
      h.element("span", s.severity().label(), "class", "severity");
      h.text(" ").element("code", s.code()).text(": " + s.message());
      h.close("li");
    }
    h.close("ul");
  }

  private static void facts(Html h, VersionFacts f) {
    h.open("details", "class", "version-facts");
    h.element(
        "summary",
        f.advisories().size()
            + " advisory(ies), "
            + f.audits().size()
            + " audit fact(s), "
            + f.reviews().size()
            + " review(s), "
            + f.signals().size()
            + " signal(s)");
    if (f.advisories().isEmpty()) {
      h.element("p", "No advisory about this crate is stored.", "class", "fact");
    } else {
      h.open("ul", "aria-label", "Advisories");
      for (VersionFacts.AdvisoryNote a : f.advisories()) {
        h.open("li", "class", a.affects() ? "flag" : "fact");
        h.link(a.link(), a.id()).text(" (" + a.kind() + ", " + a.status() + "): " + a.title());
        h.text(" ")
            .element(
                "span", "(" + a.source() + ", synced " + a.syncedAt() + ")", "class", "source");
        h.close("li");
      }
      h.close("ul");
    }
    if (!f.audits().isEmpty()) {
      h.open("ul", "aria-label", "Audits");
      for (VersionFacts.AuditNote a : f.audits()) {
        h.open("li", "class", "fact");
        h.text("cargo-vet " + a.kind() + ": " + String.join(", ", a.criteria()));
        if (!a.chain().isEmpty()) {
          h.text(" via " + String.join(" → ", a.chain()));
        }
        h.text(" ")
            .element("span", "(" + a.source() + ", read " + a.readAt() + ")", "class", "source");
        h.close("li");
      }
      h.close("ul");
    }
    if (!f.reviews().isEmpty()) {
      h.open("ul", "aria-label", "Reviews");
      for (VersionFacts.ReviewNote r : f.reviews()) {
        h.open("li", "class", "fact");
        h.text(
            r.author()
                + (r.rating().isEmpty() ? "" : " rates it " + r.rating())
                + (r.thoroughness().isEmpty() ? "" : " (thoroughness " + r.thoroughness() + ")")
                + (r.comment().isBlank() ? "" : ": " + r.comment()));
        h.text(" ").element("span", "(" + r.source() + ", " + r.date() + ")", "class", "source");
        h.close("li");
      }
      h.close("ul");
    }
    if (!f.signals().isEmpty()) {
      h.element(
          "p",
          "Signals" + f.signalsComputedAt().map(t -> " (computed " + t + ")").orElse("") + ":",
          "class",
          "fact");
      signalList(h, f.signals());
    }
    h.close("details");
  }

  private static void verifyBlock(
      Html h, String name, String version, Optional<ScanJobs.JobStatus> job, boolean readOnly) {
    h.open("div", "class", "verify-request");
    job.ifPresent(
        j -> {
          h.open("p", "class", "job job-" + VerifyRequestModule.stateWord(j.state()));
          h.text(
              "Verification request: "
                  + VerifyRequestModule.stateWord(j.state())
                  + " (queued "
                  + j.enqueuedAt()
                  + j.finishedAt().map(t -> ", finished " + t).orElse("")
                  + ")"
                  + j.lastError().map(e -> "; last error: " + e).orElse(""));
          h.close("p");
        });
    if (readOnly) {
      h.element(
          "p",
          "This site is a read-only mirror: verification requests are not taken.",
          "class",
          "source");
    } else {
      h.open(
          "form",
          "class",
          "verify-form",
          "method",
          "post",
          "action",
          "/crates/" + name + "/" + version + "/verify");
      h.element("button", "Request verification of " + version, "type", "submit");
      h.close("form");
    }
    h.close("div");
  }

  private static void pathList(Html h, String title, List<String> paths) {
    if (paths.isEmpty()) {
      return;
    }
    h.element("h3", title);
    h.open("ul", "class", "paths");
    for (String p : paths) {
      h.open("li").element("code", p).close("li");
    }
    h.close("ul");
  }
}
