package dev.cratetrust.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.trust.AuditFact;
import dev.cratetrust.trust.OwnReview;
import dev.cratetrust.trust.YankedFact;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Own reviews and recorded yanked states on both engines. */
class TrustOwnAndYankedStoreTest {

  static OwnReview review(String version, Optional<String> from, Instant at) {
    return new OwnReview(
        CrateName.of("foo"),
        CrateVersion.of(version),
        from.map(CrateVersion::of),
        "Jane <jane@example.org>",
        List.of("safe-to-run", "safe-to-deploy"),
        "low",
        "medium",
        "positive",
        "notes with 'quotes' and \"more\"\nand a newline",
        at,
        from.isEmpty() ? Optional.of("digest-" + version) : Optional.empty());
  }

  @ParameterizedTest
  @EnumSource(Database.Kind.class)
  void ownReviewsRoundTripAndResolveAsTheOwnSource(Database.Kind kind) throws Exception {
    try (TrustStoreTest.Fresh f = new TrustStoreTest.Fresh(kind)) {
      ReviewOwnRepository repo =
          new ReviewOwnRepository(f.db, dev.cratetrust.cli.TrustFormats.PARSERS.vet());
      assertThat(repo.asAuditSource()).isEmpty();
      OwnReview full = review("1.0.0", Optional.empty(), Instant.parse("2026-11-01T00:00:00Z"));
      OwnReview delta =
          review("1.2.0", Optional.of("1.0.0"), Instant.parse("2026-11-02T00:00:00Z"));
      repo.add(delta);
      repo.add(full);

      assertThat(repo.all()).containsExactly(full, delta);
      assertThat(repo.of(CrateName.of("foo"), CrateVersion.of("1.2.0"))).containsExactly(delta);
      assertThat(repo.of(CrateName.of("foo"), CrateVersion.of("1.1.0"))).isEmpty();

      AuditFileRepository.Source own = repo.asAuditSource().orElseThrow();
      assertThat(own.ref().name()).isEqualTo(ReviewOwnRepository.SOURCE_NAME);
      assertThat(own.ref().readAt()).isEqualTo(delta.date());
      List<AuditFact> facts =
          own.resolver().facts(own.ref(), CrateName.of("foo"), CrateVersion.of("1.2.0"));
      assertThat(facts)
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.kind()).isEqualTo(AuditFact.Kind.CERTIFIED);
                assertThat(a.criteria()).contains("safe-to-deploy");
              });
      assertThat(own.resolver().facts(own.ref(), CrateName.of("foo"), CrateVersion.of("1.1.0")))
          .isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Database.Kind.class)
  void yankedStateIsRecordedAndReplaced(Database.Kind kind) throws Exception {
    try (TrustStoreTest.Fresh f = new TrustStoreTest.Fresh(kind)) {
      TrustYankedRepository repo = new TrustYankedRepository(f.db);
      PackageId id = PackageId.of("foo", "1.0.0");
      assertThat(repo.latest(id).state()).isEqualTo(YankedFact.State.UNKNOWN);
      repo.record(id, true, "sparse+https://index.example/", Instant.parse("2026-11-01T00:00:00Z"));
      assertThat(repo.latest(id))
          .isEqualTo(
              YankedFact.of(
                  true, Instant.parse("2026-11-01T00:00:00Z"), "sparse+https://index.example/"));
      repo.record(
          id, false, "sparse+https://other.example/", Instant.parse("2026-11-02T00:00:00Z"));
      assertThat(repo.latest(id).state()).isEqualTo(YankedFact.State.NOT_YANKED);
      assertThat(repo.latest(id).origin()).contains("sparse+https://other.example/");
      assertThat(repo.latest(PackageId.of("foo", "1.0.1")).state())
          .isEqualTo(YankedFact.State.UNKNOWN);
      assertThat(
              repo.latest(List.of(id, PackageId.of("foo", "1.0.1"), PackageId.of("bar", "1.0.0"))))
          .containsEntry(id, repo.latest(id))
          .containsEntry(PackageId.of("foo", "1.0.1"), YankedFact.unknown())
          .containsEntry(PackageId.of("bar", "1.0.0"), YankedFact.unknown());
    }
  }
}
