package dev.cratetrust.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading registry facts from hand-written dumps with dangling references and bad fields. */
class DbDumpRegistryDataTest {
  @TempDir Path tmp;

  private Path dump(Map<String, String> files) throws IOException {
    Path out = tmp.resolve("db-dump.tar.gz");
    try (OutputStream os = Files.newOutputStream(out);
        GzipCompressorOutputStream gz = new GzipCompressorOutputStream(os);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
      for (Map.Entry<String, String> f : files.entrySet()) {
        byte[] b = f.getValue().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry("2026-11-21-020017/" + f.getKey());
        e.setSize(b.length);
        tar.putArchiveEntry(e);
        tar.write(b);
        tar.closeArchiveEntry();
      }
    }
    return out;
  }

  record Collected(
      List<DbDumpRegistryData.Crate> crates,
      List<DbDumpRegistryData.Owner> owners,
      List<DbDumpRegistryData.Release> releases)
      implements DbDumpRegistryData.Sink {
    Collected() {
      this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }

    @Override
    public void crate(DbDumpRegistryData.Crate c) {
      crates.add(c);
    }

    @Override
    public void owner(DbDumpRegistryData.Owner o) {
      owners.add(o);
    }

    @Override
    public void release(DbDumpRegistryData.Release r) {
      releases.add(r);
    }
  }

  private static Map<String, String> base() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("metadata.json", "{\"timestamp\":\"2026-11-21T02:00:17Z\"}");
    m.put(
        "data/versions.csv",
        "crate_id,created_at,num,published_by,yanked\n"
            + "1,2024-01-01 00:00:00.000000,1.0.0,7,f\n"
            + "1,2024-02-01 00:00:00.000000,1.1.0,99,t\n"
            + "1,2024-03-01 00:00:00.000000,not-a-version,,f\n"
            + "42,2024-03-01 00:00:00.000000,1.0.0,,f\n");
    m.put(
        "data/crates.csv",
        "created_at,id,name\n2023-12-31 10:00:00.5,1,demo\n2023-12-31 10:00:00,2,bad name\n");
    m.put("data/crate_downloads.csv", "crate_id,downloads\n1,77\n");
    m.put("data/users.csv", "gh_login,id\nalice,7\n");
    m.put("data/teams.csv", "id,login\n3,github:org:team\n");
    m.put("data/crate_owners.csv", "crate_id,owner_id,owner_kind\n1,7,0\n1,3,1\n1,8,0\n2,7,0\n");
    return m;
  }

  @Test
  void danglingReferencesAreSkippedAndCountedNotGuessed() throws Exception {
    Collected c = new Collected();
    DbDumpRegistryData.Summary s = DbDumpRegistryData.read(dump(base()), c);
    assertThat(c.crates())
        .singleElement()
        .satisfies(
            k -> {
              assertThat(k.name().value()).isEqualTo("demo");
              assertThat(k.downloads()).isEqualTo(77);
              assertThat(k.createdAt()).isEqualTo(Instant.parse("2023-12-31T10:00:00Z"));
            });
    assertThat(c.owners())
        .extracting(DbDumpRegistryData.Owner::login)
        .containsExactlyInAnyOrder("alice", "github:org:team");
    assertThat(c.releases())
        .extracting(r -> r.version().value(), r -> r.publishedBy().orElse("?"), r -> r.yanked())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("1.0.0", "alice", false),
            org.assertj.core.groups.Tuple.tuple("1.1.0", "?", true));
    assertThat(s.skipped()).isEqualTo(5);
    assertThat(s.metadata().timestamp()).contains("2026-11-21T02:00:17Z");
  }

  @Test
  void nonNumericIdIsAnErrorNamingTheFileAndValue() throws Exception {
    Map<String, String> m = base();
    m.put("data/users.csv", "gh_login,id\nalice,seven\n");
    Path d = dump(m);
    assertThatThrownBy(() -> DbDumpRegistryData.read(d, new Collected()))
        .isInstanceOf(DbDumpException.class)
        .hasMessageContaining("data/users.csv")
        .hasMessageContaining("'seven'");
  }

  @Test
  void missingColumnAndMissingFilesAreNamed() throws Exception {
    Map<String, String> m = base();
    m.put("data/versions.csv", "crate_id,num,yanked\n1,1.0.0,f\n");
    Path d = dump(m);
    assertThatThrownBy(() -> DbDumpRegistryData.read(d, new Collected()))
        .isInstanceOf(DbDumpException.class)
        .hasMessageContaining("column 'created_at' is missing");
    Map<String, String> noVersions = base();
    noVersions.remove("data/versions.csv");
    Path d2 = dump(noVersions);
    assertThatThrownBy(() -> DbDumpRegistryData.read(d2, new Collected()))
        .isInstanceOf(DbDumpException.class)
        .hasMessageContaining("no data/versions.csv");
  }
}
