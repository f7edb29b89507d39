package dev.cratetrust.registry;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.crates.InputText;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Streams what automatic signals need from a crates.io database dump: every crate's creation date
 * and downloads, every version's publication date, publisher and yank flag, and current owners.
 *
 * <p>Two passes over the archive (crates, downloads, users, teams and owners first; versions
 * second), keeping in memory only id-to-name maps. Owners are the current ones only: the dump has
 * no owner history. Nothing here checks that the dump is authentic or current.
 */
public final class DbDumpRegistryData {
  private DbDumpRegistryData() {}

  /** One crate: name, creation time and all-time downloads. */
  public record Crate(CrateName name, Instant createdAt, long downloads) {}

  /**
   * One published version.
   *
   * @param publishedBy the uploading account's login, empty when the dump has none (older uploads,
   *     Trusted Publishing, deleted accounts)
   */
  public record Release(
      CrateName crate,
      CrateVersion version,
      Instant publishedAt,
      Optional<String> publishedBy,
      boolean yanked) {}

  /** An owner of a crate: a user login or a team ({@code github:org:team}). */
  public record Owner(CrateName crate, String login) {}

  /** Receives the dump's rows: all crates and owners first, then releases. */
  public interface Sink {
    void crate(Crate c) throws DbDumpException;

    void owner(Owner o) throws DbDumpException;

    void release(Release r) throws DbDumpException;
  }

  /** Counts of what was read. */
  public record Summary(
      DbDumpMetadata metadata, long crates, long releases, long owners, long skipped) {}

  /** Reads {@code dump} (a {@code db-dump.tar.gz}) into {@code sink}. */
  public static Summary read(Path dump, Sink sink) throws DbDumpException {
    DbDumpMetadata metadata = DbDumpReader.metadata(dump);
    First first = new First();
    forEachEntry(dump, first);
    String file = InputText.printable(dump.toString());
    if (!first.sawCrates) {
      throw new DbDumpException("read db-dump " + file + ": no data/crates.csv in the archive");
    }
    long skipped = first.skipped;
    for (Map.Entry<Integer, String[]> e : first.crates.entrySet()) {
      String[] c = e.getValue();
      long downloads =
          first.downloads.getOrDefault(e.getKey(), c[2] == null ? 0L : Long.parseLong(c[2]));
      sink.crate(
          new Crate(
              CrateName.of(c[0]),
              DbDumpReader.parseTimestamp(c[1]).orElse(Instant.EPOCH),
              downloads));
    }
    long owners = 0;
    for (int[] o : first.owners) {
      String crate = first.crates.containsKey(o[0]) ? first.crates.get(o[0])[0] : null;
      String login = o[2] == 1 ? first.teams.get(o[1]) : first.users.get(o[1]);
      if (crate == null || login == null || login.isBlank()) {
        skipped++;
        continue;
      }
      sink.owner(new Owner(CrateName.of(crate), login));
      owners++;
    }
    first.owners.clear();
    first.downloads.clear();
    Second second = new Second(first, sink);
    forEachEntry(dump, second);
    if (!second.sawVersions) {
      throw new DbDumpException("read db-dump " + file + ": no data/versions.csv in the archive");
    }
    return new Summary(
        metadata, first.crates.size(), second.releases, owners, skipped + second.skipped);
  }

  private interface Handler {
    void entry(String rel, InputStream in, String file) throws IOException, DbDumpException;
  }

  private static void forEachEntry(Path dump, Handler handler) throws DbDumpException {
    DbDumpReader.forEachEntry(
        dump,
        (rel, top, in, file) -> {
          if (rel.startsWith("data/")) {
            handler.entry(rel, in, file);
          }
        });
  }

  private static DbDumpCsv csv(InputStream in, String file, List<String> wanted, List<String> opt)
      throws IOException, DbDumpException {
    return new DbDumpCsv(new InputStreamReader(in, StandardCharsets.UTF_8), file, wanted, opt);
  }

  private static int id(String s, String file, String what) throws DbDumpException {
    try {
      long v = Long.parseLong(s);
      if (v < 0 || v > Integer.MAX_VALUE) {
        throw new NumberFormatException();
      }
      return (int) v;
    } catch (NumberFormatException e) {
      throw new DbDumpException(
          "read db-dump " + file + ": " + what + " '" + InputText.printable(s) + "' is not an id");
    }
  }

  private static final class First implements Handler {
    /** crate id -> {name, created_at, legacy downloads or null}. */
    final Map<Integer, String[]> crates = new HashMap<>();

    final Map<Integer, Long> downloads = new HashMap<>();
    final Map<Integer, String> users = new HashMap<>();
    final Map<Integer, String> teams = new HashMap<>();

    /** {crate id, owner id, owner kind}. */
    final List<int[]> owners = new ArrayList<>();

    boolean sawCrates;
    long skipped;

    @Override
    public void entry(String rel, InputStream in, String file) throws IOException, DbDumpException {
      switch (rel) {
        case "data/crates.csv" -> {
          sawCrates = true;
          DbDumpCsv c =
              csv(in, file, List.of("id", "name", "created_at", "downloads"), List.of("downloads"));
          String[] row = new String[4];
          while (c.next(row)) {
            if (CrateName.problem(row[1]) != null) {
              skipped++;
              continue;
            }
            if (row[3] != null) {
              DbDumpReader.parseLong(row[3], file, "downloads");
            }
            crates.put(id(row[0], file, "id"), new String[] {row[1], row[2], row[3]});
          }
        }
        case "data/crate_downloads.csv" -> {
          DbDumpCsv c = csv(in, file, List.of("crate_id", "downloads"), List.of());
          String[] row = new String[2];
          while (c.next(row)) {
            downloads.put(
                id(row[0], file, "crate_id"), DbDumpReader.parseLong(row[1], file, "downloads"));
          }
        }
        case "data/users.csv" -> {
          DbDumpCsv c = csv(in, file, List.of("id", "gh_login"), List.of());
          String[] row = new String[2];
          while (c.next(row)) {
            users.put(id(row[0], file, "id"), row[1]);
          }
        }
        case "data/teams.csv" -> {
          DbDumpCsv c = csv(in, file, List.of("id", "login"), List.of());
          String[] row = new String[2];
          while (c.next(row)) {
            teams.put(id(row[0], file, "id"), row[1]);
          }
        }
        case "data/crate_owners.csv" -> {
          DbDumpCsv c =
              csv(in, file, List.of("crate_id", "owner_id", "owner_kind"), List.of("owner_kind"));
          String[] row = new String[3];
          while (c.next(row)) {
            owners.add(
                new int[] {
                  id(row[0], file, "crate_id"),
                  id(row[1], file, "owner_id"),
                  row[2] == null || row[2].isEmpty() ? 0 : id(row[2], file, "owner_kind")
                });
          }
        }
        default -> {}
      }
    }
  }

  private static final class Second implements Handler {
    private final First first;
    private final Sink sink;
    boolean sawVersions;
    long releases;
    long skipped;

    Second(First first, Sink sink) {
      this.first = first;
      this.sink = sink;
    }

    @Override
    public void entry(String rel, InputStream in, String file) throws IOException, DbDumpException {
      if (!rel.equals("data/versions.csv")) {
        return;
      }
      sawVersions = true;
      DbDumpCsv c =
          csv(
              in,
              file,
              List.of("crate_id", "num", "created_at", "published_by", "yanked"),
              List.of("published_by"));
      String[] row = new String[5];
      while (c.next(row)) {
        String[] crate = first.crates.get(id(row[0], file, "crate_id"));
        if (crate == null || !CrateVersion.isValid(row[1])) {
          skipped++;
          continue;
        }
        Optional<String> by =
            row[3] == null || row[3].isEmpty()
                ? Optional.empty()
                : Optional.ofNullable(first.users.get(id(row[3], file, "published_by")));
        sink.release(
            new Release(
                CrateName.of(crate[0]),
                CrateVersion.of(row[1]),
                DbDumpReader.parseTimestamp(row[2]).orElse(Instant.EPOCH),
                by,
                "t".equals(row[4]) || "true".equals(row[4])));
        releases++;
      }
    }
  }
}
