package dev.cratetrust.trust;

import java.time.Instant;
import java.util.Optional;

/**
 * Where and when a trust fact was read: the source's kind ({@code advisory-db}, {@code vet-audits},
 * {@code crev-proofs}), its short name, location, revision and read time.
 */
public record SourceRef(
    String kind, String name, String location, Optional<String> revision, Instant readAt) {
  public static final String ADVISORY_DB = "advisory-db";
  public static final String VET_AUDITS = "vet-audits";
  public static final String CREV_PROOFS = "crev-proofs";
}
