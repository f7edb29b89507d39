package dev.cratetrust.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's corpus builder and its baseline are real checks: the corpus pairs verify as gold
 * stars with both methods, and the study's method catches what the study caught.
 */
class StudyMethodTest {
  private static final String LIB = "pub fn answer() -> u32 {\n    42\n}\n";

  @TempDir Path tmp;
  private BenchCorpus.Entry entry;
  private Path scratch;

  @BeforeEach
  void buildOneCrateCorpus() throws Exception {
    Path crate = tmp.resolve("registry/foo-1.2.3");
    write(crate.resolve("Cargo.toml"), "[package]\nname = \"foo\"\nversion = \"1.2.3\"\n");
    write(crate.resolve("src/lib.rs"), LIB);
    write(crate.resolve("src/util.rs"), "pub fn util() {}\n");
    write(crate.resolve("debian/changelog"), "rust-foo (1.2.3-1) unstable\n");
    write(crate.resolve(".cargo-checksum.json"), "{\"package\":\"x\",\"files\":{}}");
    write(tmp.resolve("registry/not-a-crate/README"), "no Cargo.toml here\n");
    List<BenchCorpus.Entry> entries =
        BenchCorpus.build(tmp.resolve("registry"), tmp.resolve("corpus"), 1);
    assertThat(entries).hasSize(1);
    entry = entries.get(0);
    scratch = Files.createDirectories(tmp.resolve("scratch"));
  }

  @Test
  void corpusCrateMatchesItsRepositoryForBothMethods() throws Exception {
    assertThat(entry.commit()).matches("[0-9a-f]{40}");
    assertThat(members(entry.crateFile()).keySet())
        .containsExactly(
            "foo-1.2.3/.cargo_vcs_info.json",
            "foo-1.2.3/Cargo.toml",
            "foo-1.2.3/Cargo.toml.orig",
            "foo-1.2.3/src/lib.rs",
            "foo-1.2.3/src/util.rs");
    assertThat(BenchCorpus.load(tmp.resolve("corpus"))).containsExactly(entry);

    StudyMethod.Result study = study(entry.crateFile());
    assertThat(study.outcome()).isEqualTo(StudyMethod.Outcome.GOLD_STAR);
    assertThat(study.matchedTag()).contains("v1.2.3");
    assertThat(study.rsFiles()).isEqualTo(2);
    assertThat(study.unmatched()).isZero();
    assertThat(study.fullClone()).isFalse();
    assertThat(scratch).isEmptyDirectory();

    String category =
        VerifyCorpusMain.verifier(tmp.resolve("cache"))
            .verifyArchive(entry.crateFile(), Optional.of(entry.bareRepo().toString()))
            .report()
            .category()
            .code();
    assertThat(category).isEqualTo("gold-star");
  }

  @Test
  void modifiedRustFileIsNotInRepository() throws Exception {
    Path tampered = variant("modified-rs-file", "src/lib.rs", LIB.replace("42", "43"));

    StudyMethod.Result study = study(tampered);

    assertThat(study.outcome()).isEqualTo(StudyMethod.Outcome.FILES_NOT_IN_REPO);
    assertThat(study.unmatched()).isEqualTo(1);
    assertThat(study.fullClone()).isTrue();
    assertThat(scratch).isEmptyDirectory();
  }

  @Test
  void crlfCopyOfRustFileMatchesAsInTheStudy() throws Exception {
    Path crlf = variant("crlf-rs-file", "src/lib.rs", LIB.replace("\n", "\r\n"));

    assertThat(study(crlf).outcome()).isEqualTo(StudyMethod.Outcome.GOLD_STAR);
  }

  @Test
  void crateWithoutVcsInfo() throws Exception {
    Map<String, byte[]> files = crateFiles(entry.crateFile());
    files.remove(".cargo_vcs_info.json");
    Path crate = tmp.resolve("no-vcs-info.crate");
    BenchCorpus.writeCrate(crate, "foo-1.2.3", files);

    assertThat(study(crate).outcome()).isEqualTo(StudyMethod.Outcome.NO_VCS_INFO);
  }

  @Test
  void commitNotInRepository() throws Exception {
    Path crate =
        variant(
            "commit-not-in-repository",
            ".cargo_vcs_info.json",
            "{\"git\":{\"sha1\":\"" + "1".repeat(40) + "\"},\"path_in_vcs\":\"\"}");

    StudyMethod.Result study = study(crate);

    assertThat(study.outcome()).isEqualTo(StudyMethod.Outcome.FETCH_FAILED);
    assertThat(study.fullClone()).isTrue();
    assertThat(scratch).isEmptyDirectory();
  }

  @Test
  void commitWithoutReleaseTag() throws Exception {
    run(entry.bareRepo(), "git", "tag", "-d", "v1.2.3");
    run(entry.bareRepo(), "git", "tag", "release-candidate", entry.commit());

    StudyMethod.Result study = study(entry.crateFile());

    assertThat(study.outcome()).isEqualTo(StudyMethod.Outcome.TAG_MISMATCH);
    assertThat(study.tags()).containsExactly("release-candidate");
  }

  @Test
  void loadNamesTheMissingManifest() {
    Path missing = tmp.resolve("no-corpus");

    assertThatThrownBy(() -> BenchCorpus.load(missing))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(missing.resolve("corpus.tsv").toString())
        .hasMessageContaining("missing");
  }

  @Test
  void buildNamesTheRegistryWhenTooFewCratesAreUsable() {
    Path registry = tmp.resolve("registry");

    assertThatThrownBy(() -> BenchCorpus.build(registry, tmp.resolve("corpus2"), 2))
        .hasMessageContaining("only 1 usable crates in " + registry)
        .hasMessageContaining("need 2");
  }

  private StudyMethod.Result study(Path crate) throws Exception {
    return StudyMethod.check("foo", "1.2.3", crate, entry.bareRepo().toString(), scratch);
  }

  /** The corpus crate with one member replaced. */
  private Path variant(String scenario, String path, String content) throws IOException {
    Map<String, byte[]> files = crateFiles(entry.crateFile());
    files.put(path, content.getBytes(StandardCharsets.UTF_8));
    Path crate = tmp.resolve(scenario + ".crate");
    BenchCorpus.writeCrate(crate, "foo-1.2.3", files);
    return crate;
  }

  private static Map<String, byte[]> crateFiles(Path crate) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    members(crate).forEach((k, v) -> files.put(k.substring("foo-1.2.3/".length()), v));
    return files;
  }

  private static Map<String, byte[]> members(Path crate) throws IOException {
    Map<String, byte[]> members = new TreeMap<>();
    try (InputStream in = Files.newInputStream(crate);
        TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        members.put(e.getName(), tar.readAllBytes());
      }
    }
    return members;
  }

  private static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  private static void run(Path dir, String... cmd) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(new ArrayList<>(List.of(cmd)))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
  }
}
