package dev.cratetrust.web;

import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.Parsers;
import dev.cratetrust.scan.ReportFormat;
import dev.cratetrust.scan.ReportRenderer;
import dev.cratetrust.scan.ScanReport;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.ScanRuns;
import dev.cratetrust.store.StoreException;
import dev.cratetrust.store.VerificationResults;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The study report {@code /report} and its JSON twin {@code /api/v1/report}: one scan's verdicts in
 * the study's classes and rows ({@code ?scan=ID}, default the latest scan; every stored verdict
 * when the store records no scan), charts of the share per class and of the shares over the recent
 * scans, and with {@code &compare=ID} the crates that improved, regressed or changed since that
 * scan. Every crate links to its page. It restates stored verdicts ({@link ScanReport}); it
 * re-checks nothing.
 */
public final class ReportModule implements SiteModule {
  /** How many recent scans the series chart shows at most. */
  static final int SERIES = 12;

  /** How many crate rows the page lists at most (the JSON lists all). */
  static final int PAGE_ROWS = 2000;

  @Override
  public void register(RoutesConfig routes, SiteContext context) {
    routes.get("/report", ctx -> page(ctx, context));
    routes.get("/api/v1/report", ctx -> Replies.json(ctx, json(view(ctx, context.database()))));
  }

  /** What one report shows. {@code run} is empty for the report over every stored verdict. */
  record View(
      Optional<ScanRuns.ScanRun> run,
      ScanReport report,
      Optional<ScanRuns.ScanRun> compared,
      List<ReportCharts.Point> series) {}

  static Optional<Long> scanParam(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null || v.isEmpty()) {
      return Optional.empty();
    }
    if (!v.matches("[0-9]{1,18}")) {
      throw SiteException.badRequest(
          "invalid-scan",
          name
              + "='"
              + InputText.printable(v.length() > 40 ? v.substring(0, 40) + "..." : v)
              + "' is not a scan number (scans are numbered as 'cratetrust scan' prints them)");
    }
    return Optional.of(Long.parseLong(v));
  }

  static View view(Context ctx, Database db) throws StoreException {
    return load(db, scanParam(ctx, "scan"), scanParam(ctx, "compare"));
  }

  static View load(Database db, Optional<Long> scan, Optional<Long> compare) throws StoreException {
    ScanRuns runs = new ScanRuns(db);
    Optional<ScanRuns.ScanRun> run =
        scan.isPresent() ? Optional.of(find(runs, scan.get(), "scan")) : runs.latest();
    ScanReport report =
        run.isPresent()
            ? ScanReport.ofScan(runs.outcomes(run.get()))
            : ScanReport.of(new VerificationResults(db).latestPerVersion());
    Optional<ScanRuns.ScanRun> compared = Optional.empty();
    if (compare.isPresent()) {
      ScanRuns.ScanRun other = find(runs, compare.get(), "compare");
      compared = Optional.of(other);
      report = report.comparedWith("scan " + other.id(), ScanReport.ofScan(runs.outcomes(other)));
    }
    List<ScanRuns.ScanRun> recent = new ArrayList<>(runs.recent(SERIES));
    List<ReportCharts.Point> series = new ArrayList<>();
    for (ScanRuns.ScanRun r : recent.reversed()) {
      ScanReport rr =
          run.isPresent() && run.get().id() == r.id()
              ? report
              : ScanReport.ofScan(runs.outcomes(r));
      series.add(new ReportCharts.Point(r.id(), r.startedAt(), rr));
    }
    return new View(run, report, compared, series);
  }

  private static ScanRuns.ScanRun find(ScanRuns runs, long id, String param) throws StoreException {
    return runs.find(id)
        .orElseThrow(
            () ->
                SiteException.notFound(
                    "scan-not-found", param + "=" + id + ": the store records no scan " + id));
  }

  static ObjectNode json(View v) {
    ObjectNode root =
        (ObjectNode) Parsers.json().readTree(ReportRenderer.render(v.report(), ReportFormat.JSON));
    ObjectNode out = Parsers.json().createObjectNode();
    if (v.run().isPresent()) {
      scanJson(out.putObject("scan"), v.run().get());
    } else {
      out.putNull("scan");
    }
    if (v.compared().isPresent()) {
      scanJson(out.putObject("comparedWith"), v.compared().get());
    }
    out.setAll(root);
    ArrayNode series = out.putArray("series");
    for (ReportCharts.Point p : v.series()) {
      ObjectNode s = series.addObject();
      s.put("scan", p.scanId());
      s.put("startedAt", p.startedAt().toString());
      for (String c : ReportCharts.CLASSES) {
        s.put(c, p.report().counts().getOrDefault(c, 0L));
      }
      s.put(ScanReport.TOTAL, p.report().counts().getOrDefault(ScanReport.TOTAL, 0L));
    }
    return out;
  }

  private static void scanJson(ObjectNode o, ScanRuns.ScanRun r) {
    o.put("id", r.id());
    o.put("startedAt", r.startedAt().toString());
    o.put("verifierVersion", r.verifierVersion());
    o.put("description", r.description());
  }

  private static void page(Context ctx, SiteContext context) throws StoreException {
    View v = view(ctx, context.database());
    ScanReport r = v.report();
    Html h = new Html();
    h.empty("link", "rel", "stylesheet", "href", "/static/report.css");
    h.element("h1", "Study report");
    String what =
        v.run()
            .map(
                run ->
                    "Scan "
                        + run.id()
                        + ", started "
                        + run.startedAt()
                        + " with "
                        + run.verifierVersion()
                        + ": "
                        + run.description())
            .orElse("Every stored verdict (the store records no scan).");
    h.element("p", what, "class", "source");
    h.element(
        "p",
        "Counts of stored verdicts: each crate version's published files compared with its"
            + " repository. A class says what that comparison found, not whether the code is"
            + " harmless; crates are counted once each, whatever their downloads.");

    h.element("h2", "Share per class");
    h.raw(ReportCharts.share(r, "Share of " + r.counts().get(ScanReport.TOTAL) + " crates"));
    summaryTable(h, r);

    if (!v.series().isEmpty()) {
      h.element("h2", "Over scans");
      h.raw(ReportCharts.series(v.series(), "Share per class over the recent scans"));
      seriesTable(h, v.series());
      compareForm(h, v);
    }
    r.comparison().ifPresent(cmp -> comparison(h, cmp));

    h.element("h2", "Crates");
    int shown = Math.min(PAGE_ROWS, r.crates().size());
    if (shown < r.crates().size()) {
      h.open("p")
          .text("The first " + shown + " of " + r.crates().size() + " crates; all of them are in ")
          .link("/api/v1/report", "/api/v1/report")
          .text(".")
          .close("p");
    }
    h.open("table", "class", "report-crates");
    h.raw("<thead><tr><th scope=\"col\">crate</th><th scope=\"col\">version</th>");
    h.raw("<th scope=\"col\">class</th><th scope=\"col\">reasons</th></tr></thead><tbody>");
    for (ScanReport.CrateRow c : r.crates().subList(0, shown)) {
      h.open("tr");
      h.open("td").link(crateHref(c), c.crate()).close("td");
      h.element("td", c.version());
      h.element("td", c.category(), "class", "verdict-" + c.category());
      h.element(
          "td", String.join(", ", c.reasons()) + (c.detail().isEmpty() ? "" : ": " + c.detail()));
      h.close("tr");
    }
    h.raw("</tbody></table>");
    Replies.html(ctx, context.layout().page("Study report", Optional.empty(), h));
  }

  static String crateHref(ScanReport.CrateRow c) {
    return "/crates/" + c.crate() + "/" + c.version();
  }

  private static void summaryTable(Html h, ScanReport r) {
    h.open("table", "class", "report-summary");
    h.raw("<caption>Counts per class and study row</caption>");
    h.raw("<thead><tr><th scope=\"col\">row</th><th scope=\"col\">crates</th>");
    h.raw("<th scope=\"col\">share</th></tr></thead><tbody>");
    for (Map.Entry<String, Long> e : r.counts().entrySet()) {
      String label = ScanReport.label(e.getKey());
      int depth = label.length() - label.stripLeading().length();
      h.open("tr");
      h.element("th", label.strip(), "scope", "row", "class", "depth-" + Math.min(depth / 2, 2));
      h.element("td", e.getValue());
      h.element("td", e.getKey().equals(ScanReport.TOTAL) ? "" : r.percent(e.getValue()) + " %");
      h.close("tr");
    }
    h.raw("</tbody></table>");
  }

  private static void seriesTable(Html h, List<ReportCharts.Point> series) {
    h.open("table", "class", "report-series");
    h.raw("<caption>Crates per class in each scan</caption><thead><tr>");
    h.raw("<th scope=\"col\">scan</th><th scope=\"col\">started</th>");
    for (String c : ReportCharts.CLASSES) {
      h.element("th", ScanReport.label(c).strip(), "scope", "col");
    }
    h.raw("<th scope=\"col\">crates</th></tr></thead><tbody>");
    for (ReportCharts.Point p : series.reversed()) {
      h.open("tr");
      h.open("td").link("/report?scan=" + p.scanId(), "#" + p.scanId()).close("td");
      h.element("td", ReportCharts.day(p.startedAt()));
      for (String c : ReportCharts.CLASSES) {
        long n = p.report().counts().getOrDefault(c, 0L);
        h.element("td", n + " (" + p.report().percent(n) + " %)");
      }
      h.element("td", p.report().counts().getOrDefault(ScanReport.TOTAL, 0L));
      h.close("tr");
    }
    h.raw("</tbody></table>");
  }

  private static void compareForm(Html h, View v) {
    h.open("form", "class", "compare", "method", "get", "action", "/report");
    select(h, "scan", "Scan", v.series(), v.run().map(ScanRuns.ScanRun::id));
    select(h, "compare", "compared with", v.series(), v.compared().map(ScanRuns.ScanRun::id));
    h.element("button", "Compare", "type", "submit");
    h.close("form");
  }

  private static void select(
      Html h, String name, String label, List<ReportCharts.Point> series, Optional<Long> chosen) {
    h.element("label", label, "for", "report-" + name);
    h.open("select", "id", "report-" + name, "name", name);
    if (name.equals("compare")) {
      h.element("option", "(none)", "value", "");
    }
    for (ReportCharts.Point p : series.reversed()) {
      String text = "#" + p.scanId() + " " + ReportCharts.day(p.startedAt());
      if (chosen.isPresent() && chosen.get() == p.scanId()) {
        h.element("option", text, "value", String.valueOf(p.scanId()), "selected", "selected");
      } else {
        h.element("option", text, "value", String.valueOf(p.scanId()));
      }
    }
    h.close("select");
  }

  private static void comparison(Html h, ScanReport.Comparison cmp) {
    h.element("h2", "Compared with " + cmp.other());
    changes(h, "Improved", cmp.improved());
    changes(h, "Regressed", cmp.regressed());
    changes(h, "Same class, other reasons", cmp.changedReasons());
    rows(h, "Added", cmp.added());
    rows(h, "Removed", cmp.removed());
  }

  private static void changes(Html h, String title, List<ScanReport.Change> changes) {
    h.element("h3", title + " (" + changes.size() + ")");
    if (changes.isEmpty()) {
      return;
    }
    h.open("ul", "class", "changes");
    for (ScanReport.Change c : changes) {
      h.open("li").link(crateHref(c.after()), c.crate() + " " + c.after().version());
      h.text(": " + c.before().category() + " (" + c.before().version() + ") \u2192 ");
      h.element("span", c.after().category(), "class", "verdict-" + c.after().category());
      if (!c.after().reasons().isEmpty()) {
        h.text(" (" + String.join(", ", c.after().reasons()) + ")");
      }
      h.close("li");
    }
    h.close("ul");
  }

  private static void rows(Html h, String title, List<ScanReport.CrateRow> rows) {
    h.element("h3", title + " (" + rows.size() + ")");
    if (rows.isEmpty()) {
      return;
    }
    h.open("ul", "class", "changes");
    for (ScanReport.CrateRow c : rows) {
      h.open("li").link(crateHref(c), c.crate() + " " + c.version());
      h.text(": ").element("span", c.category(), "class", "verdict-" + c.category());
      h.close("li");
    }
    h.close("ul");
  }
}
