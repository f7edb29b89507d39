package dev.cratetrust.trust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.trust.CrevProof.Level;
import dev.cratetrust.trust.CrevWebOfTrust.Params;
import dev.cratetrust.trust.CrevWebOfTrust.Verdict;
import dev.cratetrust.trust.CrevWebOfTrust.Web;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CrevWebOfTrustTest {
  static CrevProof.Trust trust(String from, String date, Level level, String... to) {
    return new CrevProof.Trust(from, date, List.of(to), level, "");
  }

  static CrevProof.PackageReview review(String author, String rating) {
    return new CrevProof.PackageReview(
        author,
        "2024-01-01T00:00:00Z",
        "https://crates.io",
        "foo",
        "1.0.0",
        Optional.empty(),
        Optional.empty(),
        Optional.of("low"),
        Optional.of("low"),
        Optional.of(rating),
        List.of(),
        "",
        "");
  }

  static final String D = "2024-01-01T00:00:00Z";

  @Test
  void distancesAndLevelsFollowTheWeakestEdge() {
    Web web =
        CrevWebOfTrust.compute(
            Set.of("root"),
            List.of(
                trust("root", D, Level.HIGH, "a"),
                trust("a", D, Level.MEDIUM, "b"),
                trust("b", D, Level.HIGH, "c"),
                trust("c", D, Level.LOW, "d"),
                trust("d", D, Level.LOW, "e")),
            Params.DEFAULTS);
    assertThat(web.get("a").orElseThrow())
        .extracting(t -> t.level() + "@" + t.distance())
        .isEqualTo("HIGH@0");
    assertThat(web.get("b").orElseThrow())
        .extracting(t -> t.level() + "@" + t.distance())
        .isEqualTo("MEDIUM@1");
    assertThat(web.get("c").orElseThrow())
        .extracting(t -> t.level() + "@" + t.distance())
        .isEqualTo("MEDIUM@1");
    assertThat(web.get("d").orElseThrow())
        .extracting(t -> t.level() + "@" + t.distance())
        .isEqualTo("LOW@6");
    assertThat(web.get("e")).as("distance 11 exceeds 10").isEmpty();
    assertThat(web.get("d").orElseThrow().path()).containsExactly("root", "a", "b", "c", "d");
  }

  @Test
  void bestLevelOverAllPathsWins() {
    Web web =
        CrevWebOfTrust.compute(
            Set.of("root"),
            List.of(
                trust("root", D, Level.LOW, "x"),
                trust("root", D, Level.MEDIUM, "y"),
                trust("y", D, Level.HIGH, "x")),
            Params.DEFAULTS);
    assertThat(web.get("x").orElseThrow().level()).isEqualTo(Level.MEDIUM);
    assertThat(web.get("x").orElseThrow().distance()).isEqualTo(1);
  }

  @Test
  void distrustRemovesTheIdAndWhatOnlyItVouchedFor() {
    Web web =
        CrevWebOfTrust.compute(
            Set.of("root"),
            List.of(
                trust("root", D, Level.HIGH, "a", "b"),
                trust("a", D, Level.HIGH, "sybil"),
                trust("sybil", D, Level.HIGH, "sock"),
                trust("b", D, Level.DISTRUST, "sybil")),
            Params.DEFAULTS);
    assertThat(web.trusted()).containsOnlyKeys("root", "a", "b");
    assertThat(web.distrustedBy().get("sybil")).containsExactly("b");
  }

  @Test
  void newestProofPerAuthorAndTargetWinsAndNoneRevokes() {
    Web web =
        CrevWebOfTrust.compute(
            Set.of("root"),
            List.of(
                trust("root", "2020-01-01T00:00:00Z", Level.HIGH, "a"),
                trust("root", "2021-01-01T00:00:00+01:00", Level.NONE, "a")),
            Params.DEFAULTS);
    assertThat(web.get("a")).isEmpty();
  }

  @Test
  void verdictsAsCargoCrevVerify() {
    Web web =
        CrevWebOfTrust.compute(
            Set.of("root"),
            List.of(trust("root", D, Level.LOW, "low"), trust("root", D, Level.HIGH, "high")),
            Params.DEFAULTS);
    assertThat(CrevWebOfTrust.verify(web, List.of(review("high", "positive")), Level.LOW, 1))
        .isEqualTo(Verdict.VERIFIED);
    assertThat(CrevWebOfTrust.verify(web, List.of(review("low", "positive")), Level.MEDIUM, 1))
        .isEqualTo(Verdict.INSUFFICIENT);
    assertThat(
            CrevWebOfTrust.verify(
                web, List.of(review("high", "strong"), review("low", "negative")), Level.LOW, 1))
        .isEqualTo(Verdict.NEGATIVE);
    assertThat(CrevWebOfTrust.verify(web, List.of(review("stranger", "negative")), Level.LOW, 1))
        .isEqualTo(Verdict.INSUFFICIENT);
    CrevProof.PackageReview advisoryOnly =
        new CrevProof.PackageReview(
            "high",
            D,
            "https://crates.io",
            "foo",
            "1.0.0",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            List.of("RUSTSEC-2019-0017"),
            "",
            "");
    assertThat(CrevWebOfTrust.verify(web, List.of(advisoryOnly), Level.LOW, 1))
        .isEqualTo(Verdict.INSUFFICIENT);
  }
}
