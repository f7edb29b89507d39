package dev.cratetrust.web;

import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.Parsers;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.StoreException;
import dev.cratetrust.store.VerificationRecord;
import dev.cratetrust.store.VerificationResults;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The verdicts as bulk data: one JSON line per stored verification ({@code verdicts.jsonl}) and one
 * OSV-style record per crate version ({@code osv.jsonl}, {@code osv/NAME/VERSION.json}), read from
 * the store a batch of rows at a time and written as they are read. An OSV-style record here states
 * a source check of a version, not a vulnerability; it must not be fed to tools that read OSV
 * entries as vulnerabilities.
 */
public final class BulkData {
  /** The OSV schema version the records follow in form. */
  public static final String OSV_SCHEMA = "1.6.0";

  /** The prefix of the records' ids (not a registered OSV database prefix). */
  public static final String OSV_PREFIX = "CRATETRUST-";

  /** Rows read from the store per batch. */
  static final int FETCH = 500;

  private BulkData() {}

  /** The tag recorded in a verification's report ({@code tags.matched}), if any. */
  static Optional<String> tag(String reportJson) {
    try {
      JsonNode t = Parsers.json().readTree(reportJson).path("tags").path("matched");
      return t.isString() ? Optional.of(t.asString()) : Optional.empty();
    } catch (JacksonException e) {
      return Optional.empty();
    }
  }

  /** One stored verification as a {@code verdicts.jsonl} line. */
  static ObjectNode verdict(VerificationRecord r) {
    ObjectNode o = Parsers.json().createObjectNode();
    o.put("crate", r.id().name().value());
    o.put("version", r.id().version().value());
    o.put("class", r.category());
    ArrayNode reasons = o.putArray("reasons");
    r.reasons().forEach(reasons::add);
    o.put("commit", r.commit().map(CommitId::hex).orElse(null));
    o.put("tag", tag(r.reportJson()).orElse(null));
    o.put("checked_at", r.verifiedAt().toString());
    o.put("checker_version", r.verifierVersion());
    o.put("origin", r.origin());
    o.put("archive_sha256", r.archiveSha256().isEmpty() ? null : r.archiveSha256());
    o.put("repository_override", r.repositoryOverride().isEmpty() ? null : r.repositoryOverride());
    return o;
  }

  /** The OSV-style record of a crate version from its chosen verification. */
  static ObjectNode osv(VerificationRecord r) {
    String name = r.id().name().value();
    String version = r.id().version().value();
    Optional<String> tag = tag(r.reportJson());
    ObjectNode o = Parsers.json().createObjectNode();
    o.put("schema_version", OSV_SCHEMA);
    o.put("id", OSV_PREFIX + name + "-" + version);
    o.put("modified", r.verifiedAt().toString());
    o.put("published", r.verifiedAt().toString());
    o.put("summary", "Source check of " + name + " " + version + ": " + r.category());
    StringBuilder details = new StringBuilder("The files published on crates.io were compared");
    details.append(" with the crate's repository");
    r.commit().ifPresent(c -> details.append(" at commit ").append(c.hex()));
    tag.ifPresent(t -> details.append(", tag ").append(t));
    details.append(": ").append(r.category());
    if (!r.reasons().isEmpty()) {
      details.append(" (").append(String.join(", ", r.reasons())).append(')');
    }
    details.append(". This record is not a vulnerability report.");
    o.put("details", details.toString());
    ObjectNode affected = o.putArray("affected").addObject();
    ObjectNode pkg = affected.putObject("package");
    pkg.put("ecosystem", "crates.io");
    pkg.put("name", name);
    pkg.put("purl", "pkg:cargo/" + name + "@" + version);
    affected.putArray("versions").add(version);
    ObjectNode db = o.putObject("database_specific");
    db.put("class", r.category());
    ArrayNode reasons = db.putArray("reasons");
    r.reasons().forEach(reasons::add);
    db.put("commit", r.commit().map(CommitId::hex).orElse(null));
    db.put("tag", tag.orElse(null));
    db.put("checked_at", r.verifiedAt().toString());
    db.put("checker_version", r.verifierVersion());
    db.put("origin", r.origin());
    return o;
  }

  /**
   * Which of a version's stored verifications its record shows: crates.io following the crate's own
   * repository link first, then the newest.
   */
  static final Comparator<VerificationRecord> PREFERRED =
      Comparator.comparing(
              (VerificationRecord r) ->
                  r.origin().equals(VerificationRecord.CRATES_IO)
                          && r.repositoryOverride().isEmpty()
                      ? 0
                      : 1)
          .thenComparing(VerificationRecord::verifiedAt, Comparator.reverseOrder());

  /** Writes one line per stored verification; returns how many. */
  public static long writeVerdicts(Database db, OutputStream out)
      throws StoreException, IOException {
    long[] n = {0};
    new VerificationResults(db)
        .each(
            FETCH,
            r -> {
              line(out, verdict(r));
              n[0]++;
            });
    return n[0];
  }

  /** Receives one OSV-style record per crate version. */
  @FunctionalInterface
  public interface RecordConsumer {
    void accept(VerificationRecord chosen, ObjectNode record) throws IOException;
  }

  /**
   * Hands one OSV-style record per stored crate version to {@code consumer}, in name and version
   * order; only one version's rows are in memory at a time.
   */
  public static long eachOsv(Database db, RecordConsumer consumer)
      throws StoreException, IOException {
    List<VerificationRecord> group = new ArrayList<>();
    long[] n = {0};
    new VerificationResults(db)
        .each(
            FETCH,
            r -> {
              if (!group.isEmpty() && !group.getFirst().id().equals(r.id())) {
                flush(group, consumer);
                n[0]++;
              }
              group.add(r);
            });
    if (!group.isEmpty()) {
      flush(group, consumer);
      n[0]++;
    }
    return n[0];
  }

  private static void flush(List<VerificationRecord> group, RecordConsumer consumer)
      throws IOException {
    VerificationRecord chosen = group.stream().min(PREFERRED).orElseThrow();
    group.clear();
    consumer.accept(chosen, osv(chosen));
  }

  /** Writes one OSV-style record per line; returns how many. */
  public static long writeOsv(Database db, OutputStream out) throws StoreException, IOException {
    return eachOsv(db, (r, o) -> line(out, o));
  }

  /** The OSV-style record of one version, from the store's verifications of it. */
  public static Optional<ObjectNode> osvOf(List<VerificationRecord> versionRows) {
    return versionRows.stream().min(PREFERRED).map(BulkData::osv);
  }

  private static void line(OutputStream out, JsonNode n) throws IOException {
    out.write(Parsers.json().writeValueAsBytes(n));
    out.write('\n');
  }

  /** A record as the site serves it alone: indented JSON and a newline. */
  public static byte[] prettyBytes(JsonNode n) {
    return (Parsers.json().writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }
}
