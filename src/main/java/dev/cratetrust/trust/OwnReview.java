package dev.cratetrust.trust;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A review made with cratetrust, in the neutral form the exporters turn into a cargo-vet audit
 * entry or a crev package review.
 *
 * @param deltaFrom set for a review of the changes from that version to {@code version}
 * @param criteria cargo-vet criteria the reviewer certifies (e.g. {@code safe-to-deploy})
 * @param thoroughness crev level {@code none|low|medium|high}
 * @param understanding crev level {@code none|low|medium|high}
 * @param rating crev rating {@code dangerous|negative|neutral|positive|strong}
 * @param crevDigest crev's recursive blake2b digest of the unpacked crate, needed for crev export
 */
public record OwnReview(
    CrateName crate,
    CrateVersion version,
    Optional<CrateVersion> deltaFrom,
    String who,
    List<String> criteria,
    String thoroughness,
    String understanding,
    String rating,
    String notes,
    Instant date,
    Optional<String> crevDigest) {
  public OwnReview {
    criteria = List.copyOf(criteria);
  }
}
