package dev.cratetrust.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.PackageId;
import dev.cratetrust.crates.Parsers;
import dev.cratetrust.store.VerificationRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ScanReportTest {
  private static VerificationRecord rec(String name, String version, String category, String... r) {
    return new VerificationRecord(
        PackageId.of(name, version),
        "v1",
        category,
        List.of(r),
        Optional.empty(),
        "registry",
        "{}",
        Instant.EPOCH);
  }

  static List<VerificationRecord> study() {
    List<VerificationRecord> rs = new ArrayList<>();
    rs.add(rec("a", "1.0.0", "gold-star"));
    rs.add(rec("b", "1.0.0", "gold-star"));
    rs.add(rec("c", "1.0.0", "needs-improvement", "no-vcs-info"));
    rs.add(rec("d", "1.0.0", "needs-improvement", "no-release-tag", "no-tag-at-all"));
    rs.add(rec("e", "1.0.0", "needs-improvement", "no-release-tag"));
    rs.add(rec("f", "1.0.0", "looks-sketchy", "commit-not-in-repository"));
    rs.add(rec("g", "1.0.0", "looks-sketchy", "repository-unreachable"));
    rs.add(rec("h", "1.0.0", "looks-sketchy", "no-repository"));
    rs.add(
        rec("i", "1.0.0", "looks-sketchy", "commit-not-in-repository", "files-not-in-repository"));
    rs.add(rec("j", "1.0.0", "needs-improvement", "commit-not-on-default-branch"));
    return rs;
  }

  @Test
  void countsFollowTheStudyTable() {
    ScanReport r = ScanReport.of(study());
    assertThat(r.counts())
        .containsEntry("total", 10L)
        .containsEntry("gold-star", 2L)
        .containsEntry("needs-improvement", 4L)
        .containsEntry("looks-sketchy", 4L)
        .containsEntry("no-vcs-info", 1L)
        .containsEntry("no-release-tag", 2L)
        .containsEntry("no-tag-at-all", 1L)
        .containsEntry("commit-not-in-repository", 2L)
        .containsEntry("repository-unusable", 2L)
        .containsEntry("files-not-in-repository", 1L)
        .containsEntry("in-several-rows", 1L)
        .containsEntry("other-reasons-only", 1L);
    assertThat(r.percent(2)).isEqualTo("20.0");
    assertThat(ReportRenderer.text(r))
        .contains(
            "counted in several rows: i@1.0.0 (commit-not-in-repository, files-not-in-repository)")
        .contains("    of which no tag at all");
  }

  @Test
  void jsonHasExactlyTheDocumentedShape() throws Exception {
    JsonNode root = Parsers.json().readTree(ReportRenderer.json(ScanReport.of(study())));
    assertThat(root.propertyNames()).containsExactly("summary", "crates");
    assertThat(root.get("summary").get("gold-star").asLong()).isEqualTo(2);
    assertThat(root.get("summary").get("percent").get("gold-star").asDouble()).isEqualTo(20.0);
    JsonNode d = root.get("crates").get(3);
    assertThat(d.propertyNames()).containsExactly("crate", "version", "category", "reasons");
    assertThat(d.get("crate").asString()).isEqualTo("d");
    assertThat(d.get("reasons").get(1).asString()).isEqualTo("no-tag-at-all");
  }

  @Test
  void compareListsImprovedRegressedAddedAndRemoved() throws Exception {
    List<VerificationRecord> before = new ArrayList<>(study());
    before.add(rec("gone", "1.0.0", "gold-star"));
    List<VerificationRecord> after = new ArrayList<>(study());
    after.set(2, rec("c", "1.1.0", "gold-star"));
    after.set(0, rec("a", "1.0.0", "looks-sketchy", "files-differ"));
    after.set(4, rec("e", "1.0.0", "needs-improvement", "no-vcs-info"));
    after.add(rec("new", "0.1.0", "gold-star"));
    ScanReport r = ScanReport.of(after).comparedWith("old-store", ScanReport.of(before));
    ScanReport.Comparison c = r.comparison().orElseThrow();
    assertThat(c.improved()).extracting(ScanReport.Change::crate).containsExactly("c");
    assertThat(c.regressed()).extracting(ScanReport.Change::crate).containsExactly("a");
    assertThat(c.changedReasons()).extracting(ScanReport.Change::crate).containsExactly("e");
    assertThat(c.added()).extracting(ScanReport.CrateRow::crate).containsExactly("new");
    assertThat(c.removed()).extracting(ScanReport.CrateRow::crate).containsExactly("gone");
    JsonNode root = Parsers.json().readTree(ReportRenderer.json(r));
    assertThat(root.get("compare").get("improved").get(0).get("after").get("version").asString())
        .isEqualTo("1.1.0");
    assertThat(ReportRenderer.text(r))
        .contains("improved: c 1.0.0 needs-improvement -> 1.1.0 gold-star");
  }

  @Test
  void htmlIsSelfContainedAndEscapesCrateText() {
    List<VerificationRecord> rs = new ArrayList<>(study());
    rs.add(
        new VerificationRecord(
            PackageId.of("x", "1.0.0-a"),
            "v1",
            "looks-sketchy",
            List.of("files-differ"),
            Optional.empty(),
            "registry",
            "{}",
            Instant.EPOCH));
    ScanReport hostile =
        new ScanReport(
            ScanReport.of(rs).counts(),
            List.of(
                new ScanReport.CrateRow(
                    "<script>alert(1)</script>", "1.0.0\"'&", "looks-sketchy", List.of("x<y"))),
            Optional.empty());
    String html = ReportRenderer.html(hostile);
    assertThat(html)
        .doesNotContain("<script>alert")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("1.0.0&quot;&#39;&amp;")
        .contains("x&lt;y")
        .contains("<svg id=\"chart\"")
        .contains("<input id=\"filter\"");
    assertThat(html.replace("http://www.w3.org/2000/svg", ""))
        .doesNotContain("http://")
        .doesNotContain("https://")
        .doesNotContain("src=");
  }

  @Test
  void csvAndMarkdownNeutralizeHostileText() {
    ScanReport hostile =
        new ScanReport(
            ScanReport.of(List.of()).counts(),
            List.of(
                new ScanReport.CrateRow("=cmd|x", "1,0", "gold-star", List.of()),
                new ScanReport.CrateRow("a|b<i>", "1.0.0", "gold-star", List.of())),
            Optional.empty());
    assertThat(ReportRenderer.csv(hostile))
        .startsWith("crate,version,category,reasons\r\n")
        .contains("'=cmd|x,\"1,0\",gold-star,\r\n");
    assertThat(ReportRenderer.markdown(hostile)).contains("| a\\|b&lt;i&gt; | 1.0.0 |");
  }
}
