package dev.cratetrust.registry;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.Parsers;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import tools.jackson.databind.JsonNode;

/**
 * Selects crate versions from a crates.io database dump ({@code db-dump.tar.gz}) in two streamed
 * passes, keeping in memory only one small row per crate and the selected versions.
 *
 * <p>Columns are found by header. Downloads come from {@code crate_downloads.csv}, or from {@code
 * crates.csv} in the older layout; the current version from {@code default_versions.csv}, or, when
 * that file is absent, the highest non-yanked version. Nothing here checks that the dump is
 * authentic or current.
 */
public final class DbDumpReader {
  private static final String CRATES = "data/crates.csv";
  private static final String CRATE_DOWNLOADS = "data/crate_downloads.csv";
  private static final String DEFAULT_VERSIONS = "data/default_versions.csv";
  private static final String VERSIONS = "data/versions.csv";
  private static final String METADATA = "metadata.json";
  private static final int MAX_METADATA = 64 * 1024;

  private DbDumpReader() {}

  /**
   * Reads {@code dump} and hands each selected version to {@code sink}: with default versions, in
   * order of download rank; with {@code allVersions}, in the order of {@code versions.csv}.
   */
  public static DbDumpSummary select(
      Path dump, DbDumpSelection selection, Consumer<DbDumpVersion> sink) throws DbDumpException {
    String file = dump.toString();
    Pass1 p1 = new Pass1(selection);
    forEachEntry(dump, p1);
    if (!p1.sawCrates) {
      throw new DbDumpException(
          "read db-dump " + InputText.printable(file) + ": no " + CRATES + " in the archive");
    }
    if (!p1.legacyDownloads && !p1.sawCrateDownloads) {
      throw new DbDumpException(
          "read db-dump "
              + InputText.printable(file)
              + ": no "
              + CRATE_DOWNLOADS
              + " and crates.csv has no downloads column");
    }
    Map<Integer, Selected> selected = p1.choose();
    Pass2 p2 = new Pass2(selection, selected, p1.defaults, sink);
    forEachEntry(dump, p2);
    if (!p2.sawVersions) {
      throw new DbDumpException(
          "read db-dump " + InputText.printable(file) + ": no " + VERSIONS + " in the archive");
    }
    long emitted = p2.finish();
    return new DbDumpSummary(
        p1.metadata(),
        p1.crateRows,
        p2.versionRows,
        emitted,
        p1.skipped + p2.skipped,
        p1.legacyDownloads && !p1.sawCrateDownloads);
  }

  /** Reads only {@code metadata.json} and the top folder name. */
  public static DbDumpMetadata metadata(Path dump) throws DbDumpException {
    Pass1 p1 = new Pass1(DbDumpSelection.top(1));
    p1.metadataOnly = true;
    forEachEntry(dump, p1);
    return p1.metadata();
  }

  /** Receives each regular file of a dump: its path below the top folder, and its bytes. */
  interface EntryHandler {
    void entry(String relative, String topDir, InputStream in, String file)
        throws IOException, DbDumpException;
  }

  static void forEachEntry(Path dump, EntryHandler handler) throws DbDumpException {
    String file = InputText.printable(dump.toString());
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(dump), 1 << 16);
        GzipCompressorInputStream gz = new GzipCompressorInputStream(raw);
        TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (!e.isFile()) {
          continue;
        }
        String name = e.getName();
        while (name.startsWith("./")) {
          name = name.substring(2);
        }
        String top = "";
        String rel = name;
        int slash = name.indexOf('/');
        if (slash > 0 && !name.startsWith("data/")) {
          top = name.substring(0, slash);
          rel = name.substring(slash + 1);
        }
        handler.entry(rel, top, tar, file + ":" + InputText.printable(e.getName()));
      }
    } catch (NoSuchFileException e) {
      throw new DbDumpException("read db-dump " + file + ": no such file", e);
    } catch (IOException e) {
      throw new DbDumpException(
          "read db-dump "
              + file
              + ": not a readable gzip-compressed tar archive: "
              + e.getMessage(),
          e);
    }
  }

  private static Reader utf8(InputStream in) {
    return new InputStreamReader(in, StandardCharsets.UTF_8);
  }

  /** Parses a number column; the error names the dump file and the column. */
  static long parseLong(String s, String file, String what) throws DbDumpException {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new DbDumpException(
          "read db-dump "
              + file
              + ": "
              + what
              + " '"
              + InputText.printable(s)
              + "' is not a number");
    }
  }

  private static int parseId(String s, String file, String what) throws DbDumpException {
    long v = parseLong(s, file, what);
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw new DbDumpException("read db-dump " + file + ": " + what + " " + v + " out of range");
    }
    return (int) v;
  }

  /** PostgreSQL CSV timestamps: {@code 2015-12-10 23:38:34.125477}, optionally with an offset. */
  static Optional<Instant> parseTimestamp(String s) {
    if (s == null || s.length() < 19) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          LocalDateTime.parse(s.substring(0, 19).replace(' ', 'T')).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private record CrateRow(String name, String repository, long legacyDownloads) {}

  private record Selected(DbDumpCrate crate, int rank) {}

  private static final class Pass1 implements EntryHandler {
    private final DbDumpSelection selection;
    private final Set<String> wantedCanonical;
    private final Map<Integer, CrateRow> crates = new HashMap<>();
    private final Map<Integer, Long> downloads = new HashMap<>();
    final Map<Integer, Integer> defaults = new HashMap<>();
    boolean metadataOnly;
    boolean sawCrates;
    boolean sawCrateDownloads;
    boolean legacyDownloads;
    long crateRows;
    long skipped;
    String topDir = "";
    Optional<String> timestamp = Optional.empty();
    Optional<String> commit = Optional.empty();

    Pass1(DbDumpSelection selection) {
      this.selection = selection;
      this.wantedCanonical =
          selection
              .crates()
              .map(
                  s -> {
                    Set<String> c = new HashSet<>();
                    s.forEach(n -> c.add(n.canonical()));
                    return c;
                  })
              .orElse(null);
    }

    @Override
    public void entry(String rel, String top, InputStream in, String file)
        throws IOException, DbDumpException {
      if (rel.equals(METADATA)) {
        topDir = top;
        byte[] bytes = in.readNBytes(MAX_METADATA + 1);
        if (bytes.length > MAX_METADATA) {
          throw new DbDumpException(
              "read db-dump " + file + ": larger than " + MAX_METADATA + " bytes");
        }
        try {
          JsonNode n = Parsers.json().readTree(bytes);
          timestamp = text(n.get("timestamp"));
          commit = text(n.get("crates_io_commit"));
        } catch (RuntimeException e) {
          throw new DbDumpException("read db-dump " + file + ": not JSON: " + e.getMessage(), e);
        }
        return;
      }
      if (metadataOnly) {
        return;
      }
      switch (rel) {
        case CRATES -> readCrates(in, file);
        case CRATE_DOWNLOADS -> {
          sawCrateDownloads = true;
          DbDumpCsv csv =
              new DbDumpCsv(utf8(in), file, List.of("crate_id", "downloads"), List.of());
          String[] row = new String[2];
          while (csv.next(row)) {
            downloads.put(parseId(row[0], file, "crate_id"), parseLong(row[1], file, "downloads"));
          }
        }
        case DEFAULT_VERSIONS -> {
          DbDumpCsv csv =
              new DbDumpCsv(utf8(in), file, List.of("crate_id", "version_id"), List.of());
          String[] row = new String[2];
          while (csv.next(row)) {
            defaults.put(parseId(row[0], file, "crate_id"), parseId(row[1], file, "version_id"));
          }
        }
        default -> {}
      }
    }

    private static Optional<String> text(JsonNode n) {
      return n == null || !n.isString() ? Optional.empty() : Optional.of(n.asString());
    }

    private void readCrates(InputStream in, String file) throws IOException, DbDumpException {
      sawCrates = true;
      DbDumpCsv csv =
          new DbDumpCsv(
              utf8(in),
              file,
              List.of("id", "name", "repository", "downloads"),
              List.of("downloads"));
      String[] row = new String[4];
      boolean first = true;
      while (csv.next(row)) {
        if (first) {
          legacyDownloads = row[3] != null;
          first = false;
        }
        crateRows++;
        int id = parseId(row[0], file, "id");
        if (CrateName.problem(row[1]) != null) {
          skipped++;
          continue;
        }
        if (wantedCanonical != null
            && !wantedCanonical.contains(CrateName.of(row[1]).canonical())) {
          continue;
        }
        crates.put(
            id,
            new CrateRow(
                row[1],
                row[2] == null || row[2].isBlank() ? null : row[2],
                row[3] == null ? 0 : parseLong(row[3], file, "downloads")));
      }
    }

    Map<Integer, Selected> choose() {
      record Ranked(int id, CrateRow row, long downloads) {}
      List<Ranked> all = new ArrayList<>(crates.size());
      for (Map.Entry<Integer, CrateRow> e : crates.entrySet()) {
        int id = e.getKey();
        long d =
            sawCrateDownloads ? downloads.getOrDefault(id, 0L) : e.getValue().legacyDownloads();
        all.add(new Ranked(id, e.getValue(), d));
      }
      crates.clear();
      downloads.clear();
      all.sort(
          Comparator.comparingLong(Ranked::downloads)
              .reversed()
              .thenComparing(r -> r.row().name()));
      int limit = selection.top().orElse(Integer.MAX_VALUE);
      Map<Integer, Selected> out = new HashMap<>();
      for (int i = 0; i < all.size() && i < limit; i++) {
        Ranked r = all.get(i);
        out.put(
            r.id(),
            new Selected(
                new DbDumpCrate(
                    CrateName.of(r.row().name()),
                    Optional.ofNullable(r.row().repository()),
                    r.downloads()),
                i));
      }
      return out;
    }

    DbDumpMetadata metadata() {
      return new DbDumpMetadata(topDir, timestamp, commit);
    }
  }

  private static final class Pass2 implements EntryHandler {
    private final DbDumpSelection selection;
    private final Map<Integer, Selected> selected;
    private final Consumer<DbDumpVersion> sink;
    private final Map<Integer, Integer> defaults;
    private final Map<Integer, DbDumpVersion> current = new HashMap<>();
    boolean sawVersions;
    long versionRows;
    long skipped;
    long emitted;

    Pass2(
        DbDumpSelection selection,
        Map<Integer, Selected> selected,
        Map<Integer, Integer> defaults,
        Consumer<DbDumpVersion> sink) {
      this.selection = selection;
      this.selected = selected;
      this.sink = sink;
      this.defaults = defaults;
    }

    @Override
    public void entry(String rel, String top, InputStream in, String file)
        throws IOException, DbDumpException {
      if (!rel.equals(VERSIONS)) {
        return;
      }
      sawVersions = true;
      DbDumpCsv csv =
          new DbDumpCsv(
              utf8(in), file, List.of("id", "crate_id", "num", "yanked", "created_at"), List.of());
      String[] row = new String[5];
      while (csv.next(row)) {
        versionRows++;
        int crateId = parseId(row[1], file, "crate_id");
        Selected s = selected.get(crateId);
        if (s == null) {
          continue;
        }
        if (!CrateVersion.isValid(row[2])) {
          skipped++;
          continue;
        }
        DbDumpVersion v =
            new DbDumpVersion(
                s.crate(),
                CrateVersion.of(row[2]),
                "t".equals(row[3]) || "true".equals(row[3]),
                parseTimestamp(row[4]).orElse(Instant.EPOCH),
                s.rank());
        if (selection.allVersions()) {
          if (selection.since().map(t -> !v.createdAt().isBefore(t)).orElse(true)) {
            sink.accept(v);
            emitted++;
          }
          continue;
        }
        int versionId = parseId(row[0], file, "id");
        Integer wanted = defaults.get(crateId);
        if (wanted != null) {
          if (wanted == versionId) {
            current.put(crateId, v);
          }
        } else {
          current.merge(crateId, v, Pass2::better);
        }
      }
    }

    /** Without default_versions.csv: the highest non-yanked version, else the highest yanked. */
    private static DbDumpVersion better(DbDumpVersion a, DbDumpVersion b) {
      if (a.yanked() != b.yanked()) {
        return a.yanked() ? b : a;
      }
      return a.version().compareTo(b.version()) >= 0 ? a : b;
    }

    long finish() {
      if (!selection.allVersions()) {
        List<DbDumpVersion> ordered = new ArrayList<>(current.values());
        ordered.sort(Comparator.comparingInt(DbDumpVersion::rank));
        for (DbDumpVersion v : ordered) {
          if (selection.since().map(t -> !v.createdAt().isBefore(t)).orElse(true)) {
            sink.accept(v);
            emitted++;
          }
        }
      }
      return emitted;
    }
  }
}
