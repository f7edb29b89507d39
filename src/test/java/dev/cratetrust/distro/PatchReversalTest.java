package dev.cratetrust.distro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cratetrust.distro.PatchReversal.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PatchReversalTest {
  @TempDir Path temp;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String s(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /** {@code diff -u a/NAME b/NAME} run by the real tool. */
  private String diffU(String name, String before, String after) throws Exception {
    return diff("-u", name, before, after);
  }

  private String diff(String format, String name, String before, String after) throws Exception {
    Path a = temp.resolve("a").resolve(name);
    Path bb = temp.resolve("b").resolve(name);
    Files.createDirectories(a.getParent());
    Files.createDirectories(bb.getParent());
    Files.writeString(a, before);
    Files.writeString(bb, after);
    Process p =
        new ProcessBuilder("diff", format, "a/" + name, "b/" + name)
            .directory(temp.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isEqualTo(1);
    return out;
  }

  private static String lines(int from, int to) {
    StringBuilder b = new StringBuilder();
    for (int i = from; i <= to; i++) {
      b.append("line ").append(i).append('\n');
    }
    return b.toString();
  }

  @Test
  void multiHunkDiffWithTimestampsAndNoNewlineIsUndone() throws Exception {
    String before = lines(1, 40) + "last";
    String after =
        before
            .replace("line 3\n", "line three\n")
            .replace("line 30\n", "")
            .replace("last", "last changed");
    String patch = diffU("src/x.rs", before, after);
    assertThat(patch).contains("\\ No newline at end of file").contains("\t");
    List<UnifiedDiff.FilePatch> parsed = UnifiedDiff.parse(b(patch), 1, "p");
    assertThat(parsed).singleElement().satisfies(f -> assertThat(f.hunks()).hasSize(3));

    PatchReversal.Result r =
        PatchReversal.reverse(
            "debian/patches",
            b("p.diff\n"),
            Map.of("p.diff", b(patch)),
            Map.of("src/x.rs", b(after)));
    assertThat(r.patches())
        .extracting(PatchReversal.PatchResult::outcome)
        .containsExactly(Outcome.REVERSED);
    PatchReversal.FileChange c = r.changesByPath().get("src/x.rs");
    assertThat(s(c.before().orElseThrow())).isEqualTo(before);
    assertThat(s(c.onDisk().orElseThrow())).isEqualTo(after);
    assertThat(c.patches()).containsExactly("debian/patches/p.diff");
  }

  @Test
  void seriesIsUndoneLastToFirstWithOffsetsAndAttributedPerFile() throws Exception {
    String v0 = lines(1, 30);
    String v1 = v0.replace("line 20\n", "line twenty\n");
    String v2 = "header\nheader\n" + v1.replace("line 2\n", "line two\n");
    String first = diffU("f.rs", v0, v1);
    // The second patch was made against v1 but Debian's folder has another file too.
    String second = diffU("f.rs", v1, v2);
    String third =
        "diff --git a/g.rs b/g.rs\nnew file mode 100644\nindex 0000000..e69de29\n--- /dev/null\n"
            + "+++ b/g.rs\n@@ -0,0 +1,2 @@\n+fn g() {}\n+// added\n"
            + "diff --git a/old.rs b/old.rs\ndeleted file mode 100644\n--- a/old.rs\n+++ /dev/null\n"
            + "@@ -1 +0,0 @@\n-fn old() {}\n";
    PatchReversal.Result r =
        PatchReversal.reverse(
            "debian/patches",
            b("# comment\n\none.patch\ntwo.patch -p1\n  three.patch   # trailing comment\n"),
            Map.of("one.patch", b(first), "two.patch", b(second), "three.patch", b(third)),
            Map.of("f.rs", b(v2), "g.rs", b("fn g() {}\n// added\n")));
    assertThat(r.seriesProblem()).isEmpty();
    assertThat(r.patches())
        .extracting(PatchReversal.PatchResult::outcome)
        .containsExactly(Outcome.REVERSED, Outcome.REVERSED, Outcome.REVERSED);
    Map<String, PatchReversal.FileChange> c = r.changesByPath();
    assertThat(s(c.get("f.rs").before().orElseThrow())).isEqualTo(v0);
    assertThat(c.get("f.rs").patches())
        .containsExactly("debian/patches/one.patch", "debian/patches/two.patch");
    assertThat(c.get("g.rs").before()).isEmpty();
    assertThat(s(c.get("old.rs").before().orElseThrow())).isEqualTo("fn old() {}\n");
    assertThat(c.get("old.rs").onDisk()).isEmpty();
  }

  @Test
  void hunkFoundAtAnOffsetStillApplies() throws Exception {
    String before = lines(1, 10);
    String patch = diffU("f.rs", before, before.replace("line 5\n", "line five\n"));
    String shifted = "new top\nnew top\nnew top\n" + before.replace("line 5\n", "line five\n");
    PatchReversal.Result r =
        PatchReversal.reverse("p", b("x\n"), Map.of("x", b(patch)), Map.of("f.rs", b(shifted)));
    assertThat(s(r.changesByPath().get("f.rs").before().orElseThrow()))
        .isEqualTo("new top\nnew top\nnew top\n" + before);
  }

  @Test
  void patchThatDoesNotApplyLeavesItsFilesAsTheyAreAndNamesTheHunk() throws Exception {
    String v0 = lines(1, 20);
    String v1 = v0.replace("line 4\n", "line four\n");
    String v2 = v1.replace("line 15\n", "line fifteen\n");
    String early = diffU("f.rs", v0, v1);
    String late = diffU("f.rs", v1, v2);
    String other = diffU("h.rs", "a\n", "b\n");
    // On disk, line 15 was changed differently: the late patch does not apply.
    String disk = v1.replace("line 15\n", "line 15 by hand\n");
    PatchReversal.Result r =
        PatchReversal.reverse(
            "debian/patches",
            b("early\nother\nlate\n"),
            Map.of("early", b(early), "late", b(late), "other", b(other)),
            Map.of("f.rs", b(disk), "h.rs", b("b\n")));
    assertThat(r.patches())
        .extracting(PatchReversal.PatchResult::outcome)
        .containsExactly(Outcome.NOT_APPLIED, Outcome.REVERSED, Outcome.NOT_APPLIED);
    assertThat(r.patches().get(2).detail().orElseThrow())
        .contains("hunk 1 of f.rs (@@ -12,7 +12,7 @@) does not match the file");
    assertThat(r.patches().get(0).detail().orElseThrow())
        .contains("f.rs is left as it is because debian/patches/late did not apply");
    assertThat(r.changesByPath()).containsOnlyKeys("h.rs");
  }

  @Test
  void crlfAndQuotedNamesAndStripLevelZero() throws Exception {
    String patch =
        "--- \"src/with space.rs\"\n+++ \"src/with space.rs\"\n@@ -1,2 +1,2 @@\n a\r\n-b\r\n+c\r\n";
    PatchReversal.Result r =
        PatchReversal.reverse(
            "d",
            b("q.patch -p0\n"),
            Map.of("q.patch", b(patch)),
            Map.of("src/with space.rs", b("a\r\nc\r\n")));
    assertThat(s(r.changesByPath().get("src/with space.rs").before().orElseThrow()))
        .isEqualTo("a\r\nb\r\n");
  }

  @Test
  void malformedSeriesLinesAreRejectedWithTheLine() {
    assertThatThrownBy(() -> QuiltSeries.parse(b("a.patch\n../b.patch\n"), "s"))
        .isInstanceOf(PatchException.class)
        .hasMessage(
            "read patch series s: line 2: patch name '../b.patch' has a '..' component: it escapes the folder");
    assertThatThrownBy(() -> QuiltSeries.parse(b("/etc/x.patch\n"), "s"))
        .hasMessageContaining("is absolute");
    assertThatThrownBy(() -> QuiltSeries.parse(b("a.patch -p1 --fuzz=3\n"), "s"))
        .hasMessageContaining("line 1: option '--fuzz=3' is not supported");
    assertThatThrownBy(() -> QuiltSeries.parse(b("a.patch\na.patch\n"), "s"))
        .hasMessageContaining("line 2: patch 'a.patch' is listed twice");
    assertThatThrownBy(() -> QuiltSeries.parse(new byte[QuiltSeries.MAX_BYTES + 1], "s"))
        .hasMessageContaining("is larger than");
    PatchReversal.Result r =
        PatchReversal.reverse("debian/patches", b("x\0y\n"), Map.of(), Map.of());
    assertThat(r.seriesProblem().orElseThrow()).contains("is not UTF-8 text");
  }

  @Test
  void malformedPatchesAreRejectedWithLineAndReason() {
    Map<String, String> cases = new HashMap<>();
    cases.put("--- a/x\n+++ b/x\n", "line 1: file header without any hunk");
    cases.put("--- a/x\n+++ b/x\n@@ -1 +1 @@\n?x\n", "line 4: unexpected line in hunk 1");
    cases.put("--- a/x\n+++ b/x\n@@ -1 +1,2 @@\n-a\n x\n+b\n", "line 5: hunk 1 has more lines");
    cases.put("--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n x\n", "hunk 1 ends early");
    cases.put("--- a/x\n+++ b/x\n@@ -a +1 @@\n", "line 3: malformed hunk header");
    cases.put("@@ -1 +1 @@\n-a\n+b\n", "line 1: hunk without a '---'/'+++' file header");
    cases.put("--- x\n+++ x\n@@ -1 +1 @@\n-a\n+b\n", "file name 'x' has fewer than 2 components");
    cases.put(
        "--- a/src/../../x\n+++ b/src/../../x\n@@ -1 +1 @@\n-a\n+b\n",
        "file name 'b/src/../../x' has a '..' component: it escapes the folder");
    cases.put("--- a/src//x\n+++ b/src//x\n@@ -1 +1 @@\n-a\n+b\n", "has an empty");
    cases.put(
        "diff --git a/x b/y\nsimilarity index 100%\nrename from x\nrename to y\n",
        "renames and copies are not supported");
    cases.put(
        "diff --git a/x b/x\nGIT binary patch\nliteral 0\n", "binary patches are not supported");
    for (Map.Entry<String, String> e : cases.entrySet()) {
      assertThatThrownBy(() -> UnifiedDiff.parse(b(e.getKey()), 1, "debian/patches/p"))
          .as(e.getKey())
          .isInstanceOf(PatchException.class)
          .hasMessageStartingWith("read patch debian/patches/p: ")
          .hasMessageContaining(e.getValue());
    }
  }

  @Test
  void patchWithOnlyADescriptionChangesNothing() throws Exception {
    assertThat(UnifiedDiff.parse(b("Description: nothing yet\n"), 1, "p")).isEmpty();
  }

  @Test
  void createdFileThatDiffersOnDiskIsNotUndone() throws IOException {
    String patch = "--- /dev/null\n+++ b/new.rs\n@@ -0,0 +1 @@\n+fn a() {}\n";
    PatchReversal.Result r =
        PatchReversal.reverse(
            "d", b("n\n"), Map.of("n", b(patch)), Map.of("new.rs", b("fn b() {}\n")));
    assertThat(r.patches().getFirst().outcome()).isEqualTo(Outcome.NOT_APPLIED);
    assertThat(r.patches().getFirst().detail().orElseThrow())
        .contains("new.rs differs from what the patch adds");
    assertThat(r.changes()).isEmpty();
  }

  /** {@code diff -U0} (no context lines), as Debian's Cargo.toml patches are often made. */
  private String diffU0(String name, String before, String after) throws Exception {
    return diff("-U0", name, before, after);
  }

  private static boolean manifestParses(String path, byte[] content) {
    try {
      dev.cratetrust.crates.CargoManifest.parse(content);
      return true;
    } catch (dev.cratetrust.crates.CargoManifest.InvalidManifestException e) {
      return false;
    }
  }

  @Test
  void contextFreeHunkWithAWrongLineNumberIsMovedOnlyAsFarAsNeededToLeaveAReadableManifest()
      throws Exception {
    // Debian's rand 0.8.5 drop-packed-simd.patch: a -U0 hunk whose header is one line off, so
    // undoing it at the stated line (as GNU patch -R does) puts the dropped table inside the next.
    String published =
        "[package]\nname = \"x\"\nversion = \"1.0.0\"\n\n"
            + "[dependencies.a]\nversion = \"1\"\noptional = true\n\n"
            + "[dependencies.b]\nversion = \"2\"\n";
    String debian =
        "[package]\nname = \"x\"\nversion = \"1.0.0\"\n\n[dependencies.b]\nversion = \"2\"\n";
    String patch = diffU0("Cargo.toml", published, debian);
    assertThat(patch).contains("@@ -5,4 +4,0 @@");
    String offByOne = patch.replace("@@ -5,4 +4,0 @@", "@@ -5,4 +5,0 @@");
    Map<String, byte[]> patches = Map.of("drop-a.patch", b(offByOne));
    Map<String, byte[]> files = Map.of("Cargo.toml", b(debian));

    PatchReversal.Result atHeader =
        PatchReversal.reverse("debian/patches", b("drop-a.patch -p1\n"), patches, files);
    byte[] naive = atHeader.changesByPath().get("Cargo.toml").before().orElseThrow();
    assertThat(manifestParses("Cargo.toml", naive)).isFalse();

    PatchReversal.Result checked =
        PatchReversal.reverse(
            "debian/patches",
            b("drop-a.patch -p1\n"),
            patches,
            files,
            PatchReversalTest::manifestParses);
    assertThat(s(checked.changesByPath().get("Cargo.toml").before().orElseThrow()))
        .isEqualTo(published);
    PatchReversal.PatchResult r = checked.patches().getFirst();
    assertThat(r.outcome()).isEqualTo(Outcome.REVERSED);
    assertThat(r.detail()).hasValueSatisfying(d -> assertThat(d).contains("1 line above"));

    String correct = patch;
    PatchReversal.Result exact =
        PatchReversal.reverse(
            "debian/patches",
            b("drop-a.patch -p1\n"),
            Map.of("drop-a.patch", b(correct)),
            files,
            PatchReversalTest::manifestParses);
    assertThat(s(exact.changesByPath().get("Cargo.toml").before().orElseThrow()))
        .isEqualTo(published);
    assertThat(exact.patches().getFirst().detail()).isEmpty();
  }

  @Test
  void aContextFreeHunkIsNotPlacedWhereItBreaksTheContextOfAPatchStillToUndo() {
    // p1 changed x3 to y3 (context x2); p2 then dropped KEEP, with a header one line off that puts
    // KEEP between x2 and y3 when undone, where p1's context no longer matches.
    String p1 = "--- a/f\n+++ b/f\n@@ -3,2 +3,2 @@\n x2\n-x3\n+y3\n";
    String p2 = "--- a/f\n+++ b/f\n@@ -3 +2,0 @@\n-KEEP\n";
    Map<String, byte[]> patches = Map.of("p1", b(p1), "p2", b(p2));
    Map<String, byte[]> files = Map.of("f", b("x1\nx2\ny3\n"));

    PatchReversal.Result atHeader =
        PatchReversal.reverse("p", b("p1\np2\n"), patches, files, Placement.atHeader());
    assertThat(atHeader.patches().getFirst().outcome()).isEqualTo(Outcome.NOT_APPLIED);

    PatchReversal.Result placed =
        PatchReversal.reverse(
            "p", b("p1\np2\n"), patches, files, Placement.plausible((path, c) -> true, 3));
    assertThat(placed.patches())
        .extracting(PatchReversal.PatchResult::outcome)
        .containsOnly(Outcome.REVERSED);
    assertThat(s(placed.changesByPath().get("f").before().orElseThrow()))
        .isEqualTo("x1\nKEEP\nx2\nx3\n");
    assertThat(placed.patches().get(1).detail())
        .hasValueSatisfying(d -> assertThat(d).contains("hunk 1 1 line above"));
  }
}
