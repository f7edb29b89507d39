package dev.cratetrust.testing;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Writes a synthetic crates.io {@code db-dump.tar.gz} in the exact format of the real one: a {@code
 * YYYY-MM-DD-HHMMSS/} top folder, {@code metadata.json}, and PostgreSQL-CSV files whose columns are
 * alphabetical, with NULL as an empty field, {@code t}/{@code f} booleans and quoting only where
 * needed. Crates come from a list or a generator of any size (written in a stream).
 */
public final class DbDumpBuilder {
  /** One version of a synthetic crate. */
  public record Version(String num, boolean yanked, Instant createdAt) {
    public static Version of(String num) {
      return new Version(num, false, Instant.parse("2024-01-01T00:00:00Z"));
    }
  }

  /**
   * One synthetic crate; {@code defaultVersion} null means the last listed version. {@code
   * repository} null writes a NULL field.
   */
  public record Crate(
      String name,
      String repository,
      long downloads,
      List<Version> versions,
      String defaultVersion,
      String description) {
    public static Crate of(String name, String repository, long downloads, String... versions) {
      List<Version> vs = new ArrayList<>();
      for (String v : versions) {
        vs.add(Version.of(v));
      }
      return new Crate(name, repository, downloads, vs, null, "The " + name + " crate");
    }

    public Crate withDefault(String num) {
      return new Crate(name, repository, downloads, versions, num, description);
    }

    public Crate withDescription(String d) {
      return new Crate(name, repository, downloads, versions, defaultVersion, d);
    }
  }

  /** Produces crates; may be called once per CSV file, and must give the same crates each time. */
  @FunctionalInterface
  public interface CrateSource {
    void forEach(Consumer<Crate> sink);
  }

  private static final DateTimeFormatter PG_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  private final CrateSource source;
  private final java.util.Map<String, List<String>> owners = new java.util.LinkedHashMap<>();
  private final java.util.Map<String, String> publishers = new java.util.HashMap<>();
  private final java.util.Map<String, Instant> createdAt = new java.util.HashMap<>();
  private boolean legacy;
  private String topDir = "2026-11-21-020017";
  private String readme = "# readme\n\nwith \"quotes\", commas\r\nand CRLF";

  private DbDumpBuilder(CrateSource source) {
    this.source = source;
  }

  public static DbDumpBuilder of(List<Crate> crates) {
    List<Crate> copy = List.copyOf(crates);
    return new DbDumpBuilder(copy::forEach);
  }

  /**
   * A deterministic ecosystem of {@code crates} crates with {@code versionsPerCrate} versions each;
   * crate {@code i} has {@code (i * 7919) % 1_000_003} downloads and repository {@code
   * https://example.test/r{i % repositories}}.
   */
  public static DbDumpBuilder generated(int crates, int versionsPerCrate, int repositories) {
    return new DbDumpBuilder(
        sink -> {
          for (int i = 0; i < crates; i++) {
            List<Version> vs = new ArrayList<>(versionsPerCrate);
            for (int v = 0; v < versionsPerCrate; v++) {
              vs.add(
                  new Version(
                      "0." + v + ".0",
                      false,
                      Instant.parse("2020-01-01T00:00:00Z").plusSeconds(86_400L * v + i)));
            }
            sink.accept(
                new Crate(
                    "gen-crate-" + i,
                    "https://example.test/r" + (i % repositories),
                    (i * 7919L) % 1_000_003,
                    vs,
                    null,
                    "generated crate " + i + ", with \"quotes\""));
          }
        });
  }

  /** The 2021 layout: {@code downloads} in crates.csv, no crate_downloads or default_versions. */
  public DbDumpBuilder legacyLayout() {
    this.legacy = true;
    return this;
  }

  public DbDumpBuilder topDirectory(String dir) {
    this.topDir = dir;
    return this;
  }

  public DbDumpBuilder readme(String text) {
    this.readme = text;
    return this;
  }

  /**
   * Current owners of {@code crate}: user logins, or teams written {@code github:org:team}; also
   * writes {@code users.csv}, {@code teams.csv} and {@code crate_owners.csv}.
   */
  public DbDumpBuilder owners(String crate, String... logins) {
    owners.put(crate, List.of(logins));
    return this;
  }

  /** The user login in {@code published_by} of one version (a {@code users.csv} id). */
  public DbDumpBuilder publishedBy(String crate, String version, String login) {
    publishers.put(crate + "@" + version, login);
    return this;
  }

  /** The crate's {@code created_at} (default 2019-05-01T10:00:00Z). */
  public DbDumpBuilder createdAt(String crate, Instant at) {
    createdAt.put(crate, at);
    return this;
  }

  private List<String> accounts(boolean teams) {
    java.util.Set<String> all = new java.util.TreeSet<>(publishers.values());
    owners.values().forEach(all::addAll);
    return all.stream().filter(l -> l.startsWith("github:") == teams).toList();
  }

  private Integer accountId(String login) {
    int i = accounts(login.startsWith("github:")).indexOf(login);
    return i < 0 ? null : 500 + i;
  }

  private void users(Writer w) {
    row(w, "gh_avatar", "gh_id", "gh_login", "id", "name");
    for (String l : accounts(false)) {
      row(w, "https://avatars.example/" + l, 90000 + accountId(l), l, accountId(l), "User " + l);
    }
  }

  private void teams(Writer w) {
    row(w, "avatar", "github_id", "id", "login", "name", "org_id");
    for (String l : accounts(true)) {
      row(w, null, 80000 + accountId(l), accountId(l), l, l.substring(l.lastIndexOf(':') + 1), 7);
    }
  }

  private void crateOwners(Writer w) {
    row(w, "crate_id", "created_at", "created_by", "owner_id", "owner_kind");
    eachCrate(
        (id, vid, c) -> {
          for (String l : owners.getOrDefault(c.name(), List.of())) {
            row(
                w,
                id,
                time(Instant.parse("2019-05-01T10:00:00Z")),
                null,
                accountId(l),
                l.startsWith("github:") ? 1 : 0);
          }
        });
  }

  /** Writes the dump to {@code out}; temporary CSVs go beside it and are deleted. */
  public Path write(Path out) throws IOException {
    Path work = Files.createTempDirectory(out.toAbsolutePath().getParent(), "dbdump-build");
    try {
      List<Path> files = new ArrayList<>();
      files.add(writeCsv(work, "metadata.json", this::metadata));
      if (!legacy) {
        files.add(writeCsv(work, "data/crate_downloads.csv", this::crateDownloads));
        files.add(writeCsv(work, "data/versions.csv", this::versions));
        files.add(writeCsv(work, "data/default_versions.csv", this::defaultVersions));
        files.add(writeCsv(work, "data/crates.csv", this::crates));
        if (!owners.isEmpty() || !publishers.isEmpty()) {
          files.add(writeCsv(work, "data/users.csv", this::users));
          files.add(writeCsv(work, "data/teams.csv", this::teams));
          files.add(writeCsv(work, "data/crate_owners.csv", this::crateOwners));
        }
      } else {
        files.add(writeCsv(work, "data/versions.csv", this::versions));
        files.add(writeCsv(work, "data/crates.csv", this::crates));
      }
      try (OutputStream os = Files.newOutputStream(out);
          GzipCompressorOutputStream gz = new GzipCompressorOutputStream(os);
          TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        TarArchiveEntry dir = new TarArchiveEntry(topDir + "/");
        tar.putArchiveEntry(dir);
        tar.closeArchiveEntry();
        for (Path f : files) {
          String rel = work.relativize(f).toString().replace('\\', '/');
          TarArchiveEntry e = new TarArchiveEntry(topDir + "/" + rel);
          e.setSize(Files.size(f));
          tar.putArchiveEntry(e);
          Files.copy(f, tar);
          tar.closeArchiveEntry();
        }
      }
      return out;
    } finally {
      try (var walk = Files.walk(work)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private interface Body {
    void write(Writer w) throws IOException;
  }

  private static Path writeCsv(Path work, String rel, Body body) throws IOException {
    Path f = work.resolve(rel);
    Files.createDirectories(f.getParent());
    try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
      body.write(w);
    }
    return f;
  }

  private void metadata(Writer w) throws IOException {
    w.write(
        "{\n  \"timestamp\": \"2026-11-21T02:00:17.425343Z\",\n"
            + "  \"crates_io_commit\": \"0123456789abcdef0123456789abcdef01234567\"\n}\n");
  }

  /** PostgreSQL CSV: null unquoted empty; quote when empty or holding , " CR LF. */
  static String field(String v) {
    if (v == null) {
      return "";
    }
    if (v.isEmpty()
        || v.indexOf(',') >= 0
        || v.indexOf('"') >= 0
        || v.indexOf('\n') >= 0
        || v.indexOf('\r') >= 0) {
      return "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }

  private static void row(Writer w, Object... values) {
    try {
      for (int i = 0; i < values.length; i++) {
        if (i > 0) {
          w.write(',');
        }
        w.write(field(values[i] == null ? null : values[i].toString()));
      }
      w.write('\n');
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private interface Visitor {
    void visit(int crateId, int firstVersionId, Crate c);
  }

  private void eachCrate(Visitor v) {
    int[] index = {0};
    int[] versionId = {1000};
    source.forEach(
        c -> {
          int crateId = 3 + index[0]++ * 7;
          v.visit(crateId, versionId[0], c);
          versionId[0] += c.versions().size();
        });
  }

  private static String time(Instant t) {
    return PG_TIME.format(t);
  }

  private void crates(Writer w) {
    if (legacy) {
      row(
          w,
          "created_at",
          "description",
          "documentation",
          "downloads",
          "homepage",
          "id",
          "max_upload_size",
          "name",
          "readme",
          "repository",
          "updated_at");
    } else {
      row(
          w,
          "created_at",
          "description",
          "documentation",
          "homepage",
          "id",
          "max_features",
          "max_upload_size",
          "name",
          "readme",
          "repository",
          "updated_at",
          "trustpub_only");
    }
    eachCrate(
        (id, vid, c) -> {
          String created =
              time(createdAt.getOrDefault(c.name(), Instant.parse("2019-05-01T10:00:00Z")));
          String docs = "https://docs.rs/" + c.name();
          if (legacy) {
            row(
                w,
                created,
                c.description(),
                docs,
                c.downloads(),
                null,
                id,
                null,
                c.name(),
                readme,
                c.repository(),
                created);
          } else {
            row(
                w,
                created,
                c.description(),
                docs,
                null,
                id,
                null,
                null,
                c.name(),
                readme,
                c.repository(),
                created,
                "f");
          }
        });
  }

  private void crateDownloads(Writer w) {
    row(w, "crate_id", "downloads");
    eachCrate((id, vid, c) -> row(w, id, c.downloads()));
  }

  private void defaultVersions(Writer w) {
    row(w, "crate_id", "num_versions", "version_id");
    eachCrate(
        (id, vid, c) -> {
          if (c.versions().isEmpty()) {
            return;
          }
          int idx = c.versions().size() - 1;
          if (c.defaultVersion() != null) {
            for (int i = 0; i < c.versions().size(); i++) {
              if (c.versions().get(i).num().equals(c.defaultVersion())) {
                idx = i;
              }
            }
          }
          row(w, id, c.versions().size(), vid + idx);
        });
  }

  private void versions(Writer w) {
    row(
        w,
        "bin_names",
        "categories",
        "checksum",
        "crate_id",
        "crate_size",
        "created_at",
        "description",
        "documentation",
        "downloads",
        "edition",
        "features",
        "has_lib",
        "homepage",
        "id",
        "keywords",
        "license",
        "links",
        "num",
        "num_no_build",
        "published_by",
        "repository",
        "rust_version",
        "updated_at",
        "yanked");
    eachCrate(
        (id, vid, c) -> {
          for (int i = c.versions().size() - 1; i >= 0; i--) {
            Version v = c.versions().get(i);
            String num = v.num();
            int plus = num.indexOf('+');
            row(
                w,
                "{}",
                "{}",
                String.format("%064x", vid + i),
                id,
                12345,
                time(v.createdAt()),
                c.description(),
                null,
                10,
                "2021",
                "{\"default\":[\"std\"],\"std\":[]}",
                "t",
                null,
                vid + i,
                "{}",
                "MIT OR Apache-2.0",
                null,
                num,
                plus < 0 ? num : num.substring(0, plus),
                publishers.containsKey(c.name() + "@" + num)
                    ? accountId(publishers.get(c.name() + "@" + num))
                    : null,
                c.repository(),
                "1.60",
                time(v.createdAt()),
                v.yanked() ? "t" : "f");
          }
        });
  }
}
