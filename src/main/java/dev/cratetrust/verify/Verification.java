package dev.cratetrust.verify;

import dev.cratetrust.provenance.ProvenanceReport;
import dev.cratetrust.provenance.ProvenanceReportJson;
import dev.cratetrust.registry.VendorChecksums;
import dev.cratetrust.signals.Signal;
import dev.cratetrust.signals.SignalsJson;
import dev.cratetrust.store.VerificationRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One finished verification: the provenance report plus where the crate's bytes came from.
 *
 * @param source where the crate was read (download URL, file or directory)
 * @param archiveSha256 SHA-256 of the {@code .crate} when verified from an archive
 * @param checksums a vendored directory's {@code .cargo-checksum.json} comparison, when present
 * @param signals automatic signals for the crate (content, build-time code, provenance facts)
 * @param key what the result is stored under
 */
public record Verification(
    ProvenanceReport report,
    String source,
    Optional<String> archiveSha256,
    Optional<VendorChecksums> checksums,
    Instant verifiedAt,
    List<Signal> signals,
    StoreKey key) {

  /**
   * What was verified, as the store keys it: see {@link VerificationRecord#origin()}, {@link
   * VerificationRecord#archiveSha256()} and {@link VerificationRecord#repositoryOverride()}.
   */
  public record StoreKey(String origin, String checksum, String repositoryOverride) {}

  public Verification {
    signals = List.copyOf(signals);
  }

  /** The full JSON document: the provenance report plus source facts. */
  public ObjectNode toJson() {
    ObjectNode o = ProvenanceReportJson.toJson(report);
    o.put("source", source);
    o.put("archive_sha256", archiveSha256.orElse(null));
    o.put("origin", key.origin());
    o.put("result_checksum", key.checksum());
    if (!key.repositoryOverride().isEmpty()) {
      o.put("repository_override", key.repositoryOverride());
    }
    if (checksums.isPresent()) {
      ObjectNode c = o.putObject("vendor_checksums");
      c.put("package_sha256", checksums.get().packageSha256().orElse(null));
      c.put("package_checksum", checksums.get().packageChecksum().code());
      ArrayNode d = c.putArray("discrepancies");
      for (VendorChecksums.FileCheck f : checksums.get().discrepancies()) {
        ObjectNode fo = d.addObject();
        fo.put("path", f.path());
        fo.put("status", f.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        fo.put("listed_sha256", f.listedSha256().orElse(null));
        fo.put("actual_sha256", f.actualSha256().orElse(null));
      }
    }
    o.put("verified_at", verifiedAt.toString());
    o.set("signals", SignalsJson.toJson(signals));
    return o;
  }

  /** The store row for this verification. */
  public VerificationRecord toRecord() {
    return new VerificationRecord(
        report.crate(),
        CrateVerifier.VERIFIER_VERSION,
        report.category().code(),
        report.reasonCodes(),
        report.commit(),
        source,
        toJson().toString(),
        verifiedAt,
        key.origin(),
        key.checksum(),
        key.repositoryOverride());
  }
}
