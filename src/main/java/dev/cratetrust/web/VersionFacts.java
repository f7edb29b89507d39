package dev.cratetrust.web;

import dev.cratetrust.crates.PackageId;
import dev.cratetrust.signals.Signal;
import dev.cratetrust.store.VerificationRecord;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the store holds about one crate version, as the Reliability tab needs it: the latest
 * registry verification, the latest signals, and the advisories, audits and reviews that name it,
 * each with its source and date.
 *
 * @param verification the most recent stored verification of the registry's crate, if any
 * @param signals the most recently computed signals, empty when none were stored
 * @param signalsComputedAt when those signals were computed
 */
public record VersionFacts(
    PackageId id,
    Optional<VerificationRecord> verification,
    List<Signal> signals,
    Optional<Instant> signalsComputedAt,
    List<AdvisoryNote> advisories,
    List<AuditNote> audits,
    List<ReviewNote> reviews) {

  public VersionFacts {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(verification, "verification");
    signals = List.copyOf(signals);
    advisories = List.copyOf(advisories);
    audits = List.copyOf(audits);
    reviews = List.copyOf(reviews);
  }

  /**
   * A RustSec advisory and how it applies to this version.
   *
   * @param status {@code affected}, {@code patched}, {@code unaffected} or {@code withdrawn}
   * @param kind {@code vulnerability}, {@code unmaintained}, ...
   */
  public record AdvisoryNote(
      String id,
      String kind,
      String title,
      String status,
      boolean malicious,
      String link,
      String source,
      Instant syncedAt) {

    public boolean affects() {
      return status.equals("affected");
    }
  }

  /**
   * A cargo-vet fact about this version.
   *
   * @param kind {@code certified}, {@code violation}, {@code conflict}, ...
   * @param chain the versions of the audit chain, as vet resolved it
   */
  public record AuditNote(
      String kind, List<String> criteria, List<String> chain, String source, Instant readAt) {
    public AuditNote {
      criteria = List.copyOf(criteria);
      chain = List.copyOf(chain);
    }
  }

  /**
   * A review of this version (a crev proof or one made with {@code cratetrust review}).
   *
   * @param rating crev rating, empty text when the proof has none
   * @param date as the review states it
   */
  public record ReviewNote(
      String author,
      String rating,
      String thoroughness,
      String comment,
      String source,
      String date) {}
}
