package dev.cratetrust.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.review.crev.CrevProofReader;
import dev.cratetrust.review.crev.CrevProofWriter;
import dev.cratetrust.review.vet.VetAuditsParser;
import dev.cratetrust.trust.AuditFact;
import dev.cratetrust.trust.CrevProof;
import dev.cratetrust.trust.OwnReview;
import dev.cratetrust.trust.SourceRef;
import dev.cratetrust.trust.VetAudits;
import dev.cratetrust.trust.VetAuditsWriter;
import dev.cratetrust.trust.VetResolver;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Exported vet audits and crev proofs read back with the project's own importers. */
class ExportRoundTripTest {
  static final String HOSTILE_NOTES =
      "looked at build.rs \"carefully\"\n[[audits.evil]]\n----- SIGN CREV PROOF -----\u0007";

  static OwnReview review(String version, Optional<String> from, String notes) {
    return new OwnReview(
        CrateName.of("foo"),
        CrateVersion.of(version),
        from.map(CrateVersion::of),
        "Jane <jane@example.org>",
        List.of("safe-to-deploy"),
        "medium",
        "high",
        "positive",
        notes,
        Instant.parse("2026-11-20T12:00:00Z"),
        Optional.of("Sf6MTCiZe1uXRH8wuV5g5imi7tgsPxLhQl13uw8JH5o"));
  }

  final List<OwnReview> reviews =
      List.of(
          review("1.1.0", Optional.of("1.0.0"), HOSTILE_NOTES),
          review("1.0.0", Optional.empty(), ""));

  @Test
  void vetExportGivesAChainVetCanFollow() throws Exception {
    String toml = VetAuditsWriter.write(reviews);
    VetAudits parsed = VetAuditsParser.parse("export", toml);
    assertThat(parsed.problems()).isEmpty();
    assertThat(parsed.audits()).containsOnlyKeys("foo");
    assertThat(parsed.audits().get("foo")).hasSize(2);
    assertThat(parsed.audits().get("foo").get(1).notes()).contains(HOSTILE_NOTES);
    List<AuditFact> facts =
        new VetResolver(parsed)
            .facts(
                new SourceRef(SourceRef.VET_AUDITS, "self", "x", Optional.empty(), Instant.EPOCH),
                CrateName.of("foo"),
                CrateVersion.of("1.1.0"));
    assertThat(facts.getFirst().criteria())
        .containsExactlyInAnyOrder("safe-to-deploy", "safe-to-run");
    assertThat(facts.getFirst().chain().getFirst())
        .contains("full audit of 1.0.0")
        .contains("delta 1.0.0 -> 1.1.0");
  }

  @Test
  void crevExportIsSignedAndVerifies() throws Exception {
    KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    String id =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(Arrays.copyOfRange(keys.getPublic().getEncoded(), 12, 44));
    String text =
        new CrevProofWriter(keys.getPrivate(), id, "https://example.org/proofs").write(reviews);
    CrevProofReader.Result r = CrevProofReader.read("export", text);
    assertThat(r.problems()).isEmpty();
    assertThat(r.proofs()).hasSize(2);
    CrevProof.PackageReview delta = (CrevProof.PackageReview) r.proofs().getFirst();
    assertThat(delta.authorId()).isEqualTo(id);
    assertThat(delta.version()).isEqualTo("1.1.0");
    assertThat(delta.diffBase()).contains("1.0.0");
    assertThat(delta.rating()).contains("positive");
    assertThat(delta.comment()).isEqualTo(HOSTILE_NOTES);
    String other =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                Arrays.copyOfRange(
                    KeyPairGenerator.getInstance("Ed25519")
                        .generateKeyPair()
                        .getPublic()
                        .getEncoded(),
                    12,
                    44));
    String wrongId =
        new CrevProofWriter(keys.getPrivate(), other, "u").write(reviews.subList(1, 2));
    assertThat(CrevProofReader.read("wrong", wrongId).problems().getFirst().message())
        .startsWith("bad signature");
  }

  @Test
  void crevExportNeedsADigestAndValidLevels() {
    KeyPair keys;
    try {
      keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    CrevProofWriter w = new CrevProofWriter(keys.getPrivate(), "x", "u");
    OwnReview noDigest =
        new OwnReview(
            CrateName.of("foo"),
            CrateVersion.of("1.0.0"),
            Optional.empty(),
            "j",
            List.of("safe-to-run"),
            "low",
            "low",
            "positive",
            "",
            Instant.EPOCH,
            Optional.empty());
    assertThatThrownBy(() -> w.write(List.of(noDigest)))
        .hasMessageContaining("foo 1.0.0: no crev digest");
    OwnReview badRating =
        new OwnReview(
            CrateName.of("foo"),
            CrateVersion.of("1.0.0"),
            Optional.empty(),
            "j",
            List.of("safe-to-run"),
            "low",
            "low",
            "great\nkind: trust",
            "",
            Instant.EPOCH,
            Optional.of("d"));
    assertThatThrownBy(() -> w.write(List.of(badRating))).hasMessageContaining("rating");
  }
}
