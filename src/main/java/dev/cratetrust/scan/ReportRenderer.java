package dev.cratetrust.scan;

import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.Parsers;
import dev.cratetrust.scan.ScanReport.Change;
import dev.cratetrust.scan.ScanReport.Comparison;
import dev.cratetrust.scan.ScanReport.CrateRow;
import dev.cratetrust.store.VerificationRecord;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders a {@link ScanReport} as a terminal table, Markdown, CSV, JSON or a self-contained HTML
 * page (inline CSS, SVG chart and script; no external URL). Crate-provided text is escaped for each
 * format.
 */
public final class ReportRenderer {
  private ReportRenderer() {}

  public static String render(ScanReport report, ReportFormat format) {
    return switch (format) {
      case TEXT -> text(report);
      case MARKDOWN -> markdown(report);
      case CSV -> csv(report);
      case JSON -> json(report);
      case HTML -> html(report);
    };
  }

  static String json(ScanReport r) {
    var mapper = Parsers.json();
    ObjectNode root = mapper.createObjectNode();
    ObjectNode summary = root.putObject("summary");
    r.counts().forEach(summary::put);
    ObjectNode pct = summary.putObject("percent");
    r.counts()
        .forEach(
            (k, v) -> {
              if (!k.equals(ScanReport.TOTAL)) {
                pct.put(k, Double.parseDouble(r.percent(v)));
              }
            });
    ArrayNode crates = root.putArray("crates");
    for (CrateRow c : r.crates()) {
      crates.add(crateJson(mapper, c));
    }
    r.comparison()
        .ifPresent(
            cmp -> {
              ObjectNode o = root.putObject("compare");
              o.put("other", cmp.other());
              changesJson(mapper, o.putArray("improved"), cmp.improved());
              changesJson(mapper, o.putArray("regressed"), cmp.regressed());
              changesJson(mapper, o.putArray("changed-reasons"), cmp.changedReasons());
              ArrayNode added = o.putArray("added");
              cmp.added().forEach(c -> added.add(crateJson(mapper, c)));
              ArrayNode removed = o.putArray("removed");
              cmp.removed().forEach(c -> removed.add(crateJson(mapper, c)));
            });
    return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
  }

  private static ObjectNode crateJson(tools.jackson.databind.json.JsonMapper m, CrateRow c) {
    ObjectNode n = m.createObjectNode();
    n.put("crate", c.crate());
    n.put("version", c.version());
    n.put("category", c.category());
    ArrayNode reasons = n.putArray("reasons");
    c.reasons().forEach(reasons::add);
    if (!c.origin().equals(VerificationRecord.CRATES_IO)) {
      n.put("origin", c.origin());
    }
    if (!c.detail().isEmpty()) {
      n.put("detail", c.detail());
    }
    return n;
  }

  private static void changesJson(
      tools.jackson.databind.json.JsonMapper m, ArrayNode into, List<Change> changes) {
    for (Change ch : changes) {
      ObjectNode n = into.addObject();
      n.put("crate", ch.crate());
      n.set("before", crateJson(m, ch.before()));
      n.set("after", crateJson(m, ch.after()));
    }
  }

  static String text(ScanReport r) {
    StringBuilder b = new StringBuilder();
    b.append(String.format("%-32s %8s %7s%n", "", "crates", "%"));
    for (Map.Entry<String, Long> e : r.counts().entrySet()) {
      b.append(
          String.format(
              "%-32s %8d %7s%n",
              ScanReport.label(e.getKey()), e.getValue(), r.percent(e.getValue())));
    }
    several(r, b, "");
    b.append(System.lineSeparator());
    int w = 5;
    for (CrateRow c : r.crates()) {
      w = Math.max(w, Math.min(60, c.crate().length() + c.version().length() + 1));
    }
    for (CrateRow c : r.crates()) {
      b.append(
          String.format(
              "%-" + w + "s  %-17s  %s%n",
              InputText.printable(c.crate() + "@" + c.version()),
              c.category(),
              InputText.printable(reasonsText(c, ", "))));
    }
    r.comparison().ifPresent(cmp -> comparisonText(cmp, b, ""));
    return b.toString();
  }

  private static void several(ScanReport r, StringBuilder b, String bullet) {
    for (CrateRow c : r.crates()) {
      if (c.inSeveralRows()) {
        b.append(bullet)
            .append("  counted in several rows: ")
            .append(InputText.printable(c.crate() + "@" + c.version()))
            .append(" (")
            .append(String.join(", ", c.studyRows()))
            .append(")")
            .append(System.lineSeparator());
      }
    }
  }

  private static void comparisonText(Comparison cmp, StringBuilder b, String bullet) {
    b.append(System.lineSeparator())
        .append("compared with ")
        .append(InputText.printable(cmp.other()))
        .append(": ")
        .append(cmp.improved().size())
        .append(" improved, ")
        .append(cmp.regressed().size())
        .append(" regressed, ")
        .append(cmp.changedReasons().size())
        .append(" changed reasons, ")
        .append(cmp.added().size())
        .append(" added, ")
        .append(cmp.removed().size())
        .append(" removed")
        .append(System.lineSeparator());
    changeLines("improved", cmp.improved(), b, bullet);
    changeLines("regressed", cmp.regressed(), b, bullet);
    changeLines("changed", cmp.changedReasons(), b, bullet);
  }

  private static void changeLines(String what, List<Change> cs, StringBuilder b, String bullet) {
    for (Change c : cs) {
      b.append(bullet)
          .append("  ")
          .append(what)
          .append(": ")
          .append(InputText.printable(c.crate()))
          .append(" ")
          .append(c.before().version())
          .append(" ")
          .append(c.before().category())
          .append(" -> ")
          .append(c.after().version())
          .append(" ")
          .append(c.after().category())
          .append(System.lineSeparator());
    }
  }

  static String markdown(ScanReport r) {
    StringBuilder b = new StringBuilder("| | crates | % |\n|---|---:|---:|\n");
    for (Map.Entry<String, Long> e : r.counts().entrySet()) {
      String label = ScanReport.label(e.getKey());
      int indent = label.length() - label.stripLeading().length();
      b.append("| ")
          .append("&nbsp;".repeat(indent))
          .append(label.strip())
          .append(" | ")
          .append(e.getValue())
          .append(" | ")
          .append(r.percent(e.getValue()))
          .append(" |\n");
    }
    StringBuilder s = new StringBuilder();
    several(r, s, "-");
    if (!s.isEmpty()) {
      b.append('\n').append(md(s.toString()).replace("-  counted", "- counted"));
    }
    b.append("\n| crate | version | category | reasons |\n|---|---|---|---|\n");
    for (CrateRow c : r.crates()) {
      b.append("| ")
          .append(md(c.crate()))
          .append(" | ")
          .append(md(c.version()))
          .append(" | ")
          .append(c.category())
          .append(" | ")
          .append(md(reasonsText(c, ", ")))
          .append(" |\n");
    }
    r.comparison()
        .ifPresent(
            cmp -> {
              StringBuilder t = new StringBuilder();
              comparisonText(cmp, t, "-");
              b.append(md(t.toString()).replace("-  ", "- "));
            });
    return b.toString();
  }

  /** The reasons, then the origin when not crates.io, then why it could not be verified. */
  private static String reasonsText(CrateRow c, String separator) {
    return String.join(separator, c.reasons())
        + (c.origin().equals(VerificationRecord.CRATES_IO) ? "" : " (" + c.origin() + ")")
        + (c.detail().isEmpty() ? "" : ": " + c.detail());
  }

  private static String md(String s) {
    return InputText.printable(s)
        .replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("`", "\\`")
        .replace("*", "\\*")
        .replace("_", "\\_")
        .replace("[", "\\[")
        .replace("]", "\\]");
  }

  static String csv(ScanReport r) {
    StringBuilder b = new StringBuilder("crate,version,category,reasons\r\n");
    for (CrateRow c : r.crates()) {
      b.append(csvField(c.crate()))
          .append(',')
          .append(csvField(c.version()))
          .append(',')
          .append(csvField(c.category()))
          .append(',')
          .append(csvField(reasonsText(c, " ")))
          .append("\r\n");
    }
    return b.toString();
  }

  private static String csvField(String s) {
    String v = s;
    if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
      v = "'" + v;
    }
    if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
      return "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }

  static String html(ScanReport r) {
    StringBuilder b = new StringBuilder();
    b.append(
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
        <title>cratetrust scan report</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:2em;color:#222}
        table{border-collapse:collapse}td,th{padding:.25em .6em;border-bottom:1px solid #ddd;text-align:left}
        th{cursor:pointer;background:#f4f4f4}td.n{text-align:right}
        .gold-star{color:#1a7f37}.needs-improvement{color:#9a6700}.looks-sketchy{color:#cf222e}
        .sub td:first-child{padding-left:2em}
        </style></head><body>
        <h1>cratetrust scan report</h1>
        """);
    long total = r.counts().getOrDefault(ScanReport.TOTAL, 0L);
    String[][] bars = {
      {ScanReport.GOLD, "#2da44e"}, {ScanReport.NEEDS, "#d4a72c"}, {ScanReport.SKETCHY, "#cf222e"}
    };
    b.append("<svg id=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"520\" height=\"110\"")
        .append(" role=\"img\" aria-label=\"crates by category\">\n");
    for (int i = 0; i < bars.length; i++) {
      long n = r.counts().getOrDefault(bars[i][0], 0L);
      long width = total == 0 ? 0 : Math.round(300.0 * n / total);
      int y = 10 + i * 32;
      b.append("<text x=\"0\" y=\"")
          .append(y + 17)
          .append("\" font-size=\"14\">")
          .append(ScanReport.label(bars[i][0]))
          .append("</text><rect x=\"150\" y=\"")
          .append(y)
          .append("\" width=\"")
          .append(width)
          .append("\" height=\"24\" fill=\"")
          .append(bars[i][1])
          .append("\"/><text x=\"")
          .append(156 + width)
          .append("\" y=\"")
          .append(y + 17)
          .append("\" font-size=\"14\">")
          .append(n)
          .append(" (")
          .append(r.percent(n))
          .append("%)</text>\n");
    }
    b.append(
        "</svg>\n<h2>Summary</h2>\n<table id=\"summary\"><tr><th></th><th>crates</th><th>%</th></tr>\n");
    for (Map.Entry<String, Long> e : r.counts().entrySet()) {
      String label = ScanReport.label(e.getKey());
      b.append(label.startsWith(" ") ? "<tr class=\"sub\">" : "<tr>")
          .append("<td>")
          .append(esc(label.strip()))
          .append("</td><td class=\"n\">")
          .append(e.getValue())
          .append("</td><td class=\"n\">")
          .append(r.percent(e.getValue()))
          .append("</td></tr>\n");
    }
    b.append("</table>\n");
    StringBuilder s = new StringBuilder();
    several(r, s, "");
    if (!s.isEmpty()) {
      b.append("<pre>").append(esc(s.toString())).append("</pre>\n");
    }
    r.comparison()
        .ifPresent(
            cmp -> {
              StringBuilder t = new StringBuilder();
              comparisonText(cmp, t, "");
              b.append("<h2>Changes</h2>\n<pre>").append(esc(t.toString())).append("</pre>\n");
            });
    b.append(
        """
        <h2>Crates</h2>
        <p><input id="filter" placeholder="filter by crate or reason" size="30">
        <select id="cat"><option value="">all categories</option><option>gold-star</option>\
        <option>needs-improvement</option><option>looks-sketchy</option>\
        <option>could-not-verify</option></select></p>
        <table id="crates"><thead><tr><th>crate</th><th>version</th><th>category</th><th>reasons</th></tr></thead><tbody>
        """);
    for (CrateRow c : r.crates()) {
      b.append("<tr data-category=\"")
          .append(esc(c.category()))
          .append("\"><td>")
          .append(esc(c.crate()))
          .append("</td><td>")
          .append(esc(c.version()))
          .append("</td><td class=\"")
          .append(esc(c.category()))
          .append("\">")
          .append(esc(c.category()))
          .append("</td><td>")
          .append(esc(reasonsText(c, ", ")))
          .append("</td></tr>\n");
    }
    b.append(
        """
        </tbody></table>
        <script>
        (function(){
          var body=document.querySelector('#crates tbody');
          var filter=document.getElementById('filter'),cat=document.getElementById('cat');
          function apply(){
            var q=filter.value.toLowerCase(),c=cat.value;
            Array.prototype.forEach.call(body.rows,function(r){
              var ok=(!c||r.getAttribute('data-category')===c)&&r.textContent.toLowerCase().indexOf(q)>=0;
              r.style.display=ok?'':'none';
            });
          }
          filter.addEventListener('input',apply);cat.addEventListener('change',apply);
          Array.prototype.forEach.call(document.querySelectorAll('#crates th'),function(th,i){
            var asc=true;
            th.addEventListener('click',function(){
              var rows=Array.prototype.slice.call(body.rows);
              rows.sort(function(a,b){
                var x=a.cells[i].textContent,y=b.cells[i].textContent;
                return asc?x.localeCompare(y):y.localeCompare(x);
              });
              asc=!asc;rows.forEach(function(r){body.appendChild(r);});
            });
          });
        })();
        </script>
        </body></html>
        """);
    return b.toString();
  }

  /** HTML-escapes text for element content and quoted attributes. */
  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t') {
            b.append("&#xfffd;");
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
