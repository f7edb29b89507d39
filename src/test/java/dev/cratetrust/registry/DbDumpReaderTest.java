package dev.cratetrust.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.testing.DbDumpBuilder;
import dev.cratetrust.testing.DbDumpBuilder.Crate;
import dev.cratetrust.testing.DbDumpBuilder.Version;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbDumpReaderTest {
  @TempDir Path tmp;

  private static final List<Crate> ECOSYSTEM =
      List.of(
          Crate.of("rand", "https://github.com/rust-random/rand", 900, "0.7.0", "0.8.5")
              .withDescription("multi\nline, \"quoted\"\r\ndescription"),
          Crate.of("rand_core", "https://github.com/rust-random/rand", 800, "0.6.4"),
          Crate.of("syn", "https://github.com/dtolnay/syn", 5000, "1.0.0", "2.0.0", "3.0.0-rc.1")
              .withDefault("2.0.0"),
          Crate.of("tiny-keccak", null, 300, "2.0.2"),
          Crate.of("oorandom", "https://sr.ht/~icefox/oorandom/", 100, "11.1.3"),
          Crate.of("crunchy", "", 1000, "0.2.2"));

  private List<DbDumpVersion> select(Path dump, DbDumpSelection sel) throws Exception {
    List<DbDumpVersion> out = new ArrayList<>();
    DbDumpReader.select(dump, sel, out::add);
    return out;
  }

  private static List<String> ids(List<DbDumpVersion> vs) {
    return vs.stream().map(v -> v.id().toString()).toList();
  }

  @Test
  void topNRanksByCrateDownloadsAndTakesTheDefaultVersion() throws Exception {
    Path dump = DbDumpBuilder.of(ECOSYSTEM).write(tmp.resolve("db-dump.tar.gz"));
    List<DbDumpVersion> top = select(dump, DbDumpSelection.top(3));
    assertThat(ids(top)).containsExactly("syn@2.0.0", "crunchy@0.2.2", "rand@0.8.5");
    assertThat(top.get(0).crate().downloads()).isEqualTo(5000);
    assertThat(top.get(0).rank()).isZero();
    assertThat(top.get(2).repository()).contains("https://github.com/rust-random/rand");
    assertThat(top.get(1).repository()).as("empty repository is absent").isEmpty();

    DbDumpSummary all = DbDumpReader.select(dump, DbDumpSelection.top(100), v -> {});
    assertThat(all.crates()).isEqualTo(6);
    assertThat(all.versions()).isEqualTo(9);
    assertThat(all.selected()).isEqualTo(6);
    assertThat(all.legacyLayout()).isFalse();
    assertThat(all.metadata().topDirectory()).isEqualTo("2026-11-21-020017");
    assertThat(all.metadata().cratesIoCommit())
        .contains("0123456789abcdef0123456789abcdef01234567");
  }

  @Test
  void legacyLayoutTakesDownloadsFromCratesCsvAndTheHighestNonYankedVersion() throws Exception {
    List<Crate> crates =
        List.of(
            new Crate(
                "old",
                "https://github.com/o/old",
                50,
                List.of(
                    Version.of("1.0.0"),
                    new Version("1.2.0", true, Instant.parse("2021-01-01T00:00:00Z")),
                    Version.of("1.1.0")),
                null,
                "d"),
            Crate.of("big", "https://github.com/o/big", 70, "0.1.0"));
    Path dump = DbDumpBuilder.of(crates).legacyLayout().write(tmp.resolve("old.tar.gz"));
    List<DbDumpVersion> top = select(dump, DbDumpSelection.top(2));
    assertThat(ids(top)).containsExactly("big@0.1.0", "old@1.1.0");
    DbDumpSummary s = DbDumpReader.select(dump, DbDumpSelection.top(2), v -> {});
    assertThat(s.legacyLayout()).isTrue();
  }

  @Test
  void allVersionsSinceAndCrateFilter() throws Exception {
    List<Crate> crates =
        List.of(
            new Crate(
                "foo-bar",
                "https://github.com/o/foo",
                5,
                List.of(
                    new Version("0.1.0", false, Instant.parse("2020-01-01T00:00:00Z")),
                    new Version("0.2.0", true, Instant.parse("2025-06-01T12:00:00Z"))),
                null,
                "d"),
            Crate.of("other", "https://github.com/o/other", 9, "1.0.0"));
    Path dump = DbDumpBuilder.of(crates).write(tmp.resolve("d.tar.gz"));
    assertThat(
            ids(
                select(
                    dump,
                    new DbDumpSelection(
                        OptionalInt.empty(), true, Optional.empty(), Optional.empty()))))
        .containsExactlyInAnyOrder("foo-bar@0.1.0", "foo-bar@0.2.0", "other@1.0.0");
    List<DbDumpVersion> since =
        select(
            dump,
            new DbDumpSelection(
                OptionalInt.empty(),
                true,
                Optional.of(Instant.parse("2025-01-01T00:00:00Z")),
                Optional.empty()));
    assertThat(ids(since)).containsExactly("foo-bar@0.2.0");
    assertThat(since.get(0).yanked()).isTrue();
    assertThat(since.get(0).createdAt()).isEqualTo(Instant.parse("2025-06-01T12:00:00Z"));
    assertThat(
            ids(
                select(
                    dump,
                    new DbDumpSelection(
                        OptionalInt.empty(),
                        false,
                        Optional.empty(),
                        Optional.of(Set.of(CrateName.of("Foo_Bar")))))))
        .containsExactly("foo-bar@0.2.0");
  }

  @Test
  void hugeUnusedFieldsAreSkippedNotKept() throws Exception {
    String readme = "x".repeat(DbDumpCsv.MAX_KEPT_FIELD * 4);
    Path dump = DbDumpBuilder.of(ECOSYSTEM).readme(readme).write(tmp.resolve("big.tar.gz"));
    assertThat(select(dump, DbDumpSelection.top(1))).hasSize(1);
  }

  @Test
  void missingColumnIsNamed() throws Exception {
    Path dump =
        tarGz(
            "2026-01-01-000000/data/crates.csv",
            "id,title,repository\n1,foo,\n",
            "2026-01-01-000000/data/crate_downloads.csv",
            "crate_id,downloads\n1,5\n");
    assertThatThrownBy(() -> select(dump, DbDumpSelection.top(1)))
        .isInstanceOf(DbDumpException.class)
        .hasMessageContaining(dump.toString())
        .hasMessageContaining("data/crates.csv")
        .hasMessageContaining("column 'name' is missing");
  }

  @Test
  void missingFilesAreNamed() throws Exception {
    Path noCrates = tarGz("d/data/versions.csv", "id\n");
    assertThatThrownBy(() -> select(noCrates, DbDumpSelection.top(1)))
        .isInstanceOf(DbDumpException.class)
        .hasMessageContaining("no data/crates.csv");
    Path noDownloads = tarGz("d/data/crates.csv", "id,name,repository\n1,foo,\n");
    assertThatThrownBy(() -> select(noDownloads, DbDumpSelection.top(1)))
        .isInstanceOf(DbDumpException.class)
        .hasMessageContaining("no data/crate_downloads.csv");
    Path noVersions =
        tarGz(
            "d/data/crates.csv",
            "id,name,repository\n1,foo,\n",
            "d/data/crate_downloads.csv",
            "crate_id,downloads\n1,5\n");
    assertThatThrownBy(() -> select(noVersions, DbDumpSelection.top(1)))
        .isInstanceOf(DbDumpException.class)
        .hasMessageContaining("no data/versions.csv");
  }

  @Test
  void notAnArchiveOrMissingFile() throws Exception {
    Path junk = tmp.resolve("junk.tar.gz");
    Files.writeString(junk, "not gzip");
    assertThatThrownBy(() -> select(junk, DbDumpSelection.top(1)))
        .isInstanceOf(DbDumpException.class)
        .hasMessageContaining(junk.toString())
        .hasMessageContaining("not a readable gzip-compressed tar");
    Path none = tmp.resolve("none.tar.gz");
    assertThatThrownBy(() -> select(none, DbDumpSelection.top(1)))
        .isInstanceOf(DbDumpException.class)
        .hasMessageContaining("no such file");
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("junk.tar.gz");
    }
  }

  @Test
  void invalidNamesAndVersionsAreSkippedAndCounted() throws Exception {
    Path dump =
        tarGz(
            "d/data/crates.csv",
            "id,name,repository\n1,good,\n2,\"bad name\",\n",
            "d/data/crate_downloads.csv",
            "crate_id,downloads\n1,5\n2,9\n",
            "d/data/versions.csv",
            "created_at,crate_id,id,num,yanked\n2020-01-01 00:00:00,1,10,not-semver,f\n"
                + "2020-01-01 00:00:00,1,11,1.0.0,f\n");
    List<DbDumpVersion> out = new ArrayList<>();
    DbDumpSummary s = DbDumpReader.select(dump, DbDumpSelection.top(5), out::add);
    assertThat(ids(out)).containsExactly("good@1.0.0");
    assertThat(s.skippedRows()).isEqualTo(2);
  }

  @Test
  void csvHandlesQuotingAndLineEndings() throws Exception {
    String text =
        "b,a,c\r\n\"x,\"\"1\"\"\",\"keep\nme\",\"\"\n,\"multi\r\nline\",\n\"last\",z,\"q\"";
    DbDumpCsv csv = new DbDumpCsv(new StringReader(text), "t.csv", List.of("a", "b"), List.of());
    String[] row = new String[2];
    assertThat(csv.next(row)).isTrue();
    assertThat(row).containsExactly("keep\nme", "x,\"1\"");
    assertThat(csv.next(row)).isTrue();
    assertThat(row).containsExactly("multi\r\nline", "");
    assertThat(csv.next(row)).isTrue();
    assertThat(row).containsExactly("z", "last");
    assertThat(csv.next(row)).isFalse();
  }

  @Test
  void csvErrorsNameFileAndLine() throws Exception {
    String[] row = new String[1];
    DbDumpCsv open =
        new DbDumpCsv(new StringReader("a\n\"never\nends"), "o.csv", List.of("a"), List.of());
    assertThatThrownBy(() -> open.next(row))
        .isInstanceOf(DbDumpException.class)
        .hasMessageContaining("o.csv")
        .hasMessageContaining("opened at line 2 never ends");
    DbDumpCsv count =
        new DbDumpCsv(new StringReader("a,b\n1,2\n1,2,3\n"), "c.csv", List.of("a"), List.of());
    assertThat(count.next(row)).isTrue();
    assertThatThrownBy(() -> count.next(row))
        .isInstanceOf(DbDumpException.class)
        .hasMessageContaining("c.csv: record at line 3 has 3 fields, the header has 2");
    DbDumpCsv stray =
        new DbDumpCsv(new StringReader("a\nfo\"o\n"), "s.csv", List.of("a"), List.of());
    assertThatThrownBy(() -> stray.next(row)).hasMessageContaining("quote inside an unquoted");
    DbDumpCsv longField =
        new DbDumpCsv(
            new StringReader("a\n" + "y".repeat(DbDumpCsv.MAX_KEPT_FIELD + 1)),
            "l.csv",
            List.of("a"),
            List.of());
    assertThatThrownBy(() -> longField.next(row)).hasMessageContaining("longer than 65536");
    assertThatThrownBy(() -> new DbDumpCsv(new StringReader(""), "e.csv", List.of("a"), List.of()))
        .hasMessageContaining("e.csv: the file is empty");
  }

  @Test
  void generatedDumpRoundTrips() throws Exception {
    Path dump = DbDumpBuilder.generated(2000, 3, 50).write(tmp.resolve("gen.tar.gz"));
    List<DbDumpVersion> top = select(dump, DbDumpSelection.top(10));
    assertThat(top).hasSize(10);
    for (int i = 1; i < top.size(); i++) {
      assertThat(top.get(i - 1).crate().downloads())
          .isGreaterThanOrEqualTo(top.get(i).crate().downloads());
    }
    assertThat(top).allSatisfy(v -> assertThat(v.version().value()).isEqualTo("0.2.0"));
    DbDumpSummary s = DbDumpReader.select(dump, DbDumpSelection.top(1), v -> {});
    assertThat(s.crates()).isEqualTo(2000);
    assertThat(s.versions()).isEqualTo(6000);
  }

  private Path tarGz(String... nameThenText) throws IOException {
    Path out = Files.createTempFile(tmp, "dump", ".tar.gz");
    try (OutputStream os = Files.newOutputStream(out);
        GzipCompressorOutputStream gz = new GzipCompressorOutputStream(os);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
      for (int i = 0; i < nameThenText.length; i += 2) {
        byte[] b = nameThenText[i + 1].getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(nameThenText[i]);
        e.setSize(b.length);
        tar.putArchiveEntry(e);
        tar.write(b);
        tar.closeArchiveEntry();
      }
    }
    return out;
  }
}
