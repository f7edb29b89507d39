package dev.cratetrust.review.crev;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.testing.CrevProofBuilder;
import dev.cratetrust.trust.CrevProof;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CrevHostileProofTest {
  final CrevProofBuilder alice = new CrevProofBuilder();

  @Test
  void flippedByteInARealProofFailsAndTheNextProofStillLoads() throws Exception {
    Path real =
        CrevProofReaderTest.proofFiles().stream()
            .filter(p -> p.startsWith(CrevProofReaderTest.CREV.resolve("kornelski-crev-proofs")))
            .findFirst()
            .orElseThrow();
    String text = Files.readString(real);
    CrevProofReader.Result good = CrevProofReader.read("real", text);
    int i = text.indexOf("date: \"") + 8;
    char c = text.charAt(i);
    String flipped = text.substring(0, i) + (c == '1' ? '2' : '1') + text.substring(i + 1);
    CrevProofReader.Result bad = CrevProofReader.read("flipped.crev", flipped);
    assertThat(bad.proofs()).hasSize(good.proofs().size() - 1);
    assertThat(bad.problems()).hasSize(1);
    assertThat(bad.problems().getFirst().item()).isEqualTo("flipped.crev proof #1");
    assertThat(bad.problems().getFirst().message()).startsWith("bad signature");
  }

  @Test
  void signedProofRoundTrips() {
    String bob = new CrevProofBuilder().id();
    CrevProofReader.Result r =
        CrevProofReader.read(
            "t", alice.sign(alice.trustBody("2024-01-01T00:00:00Z", "high", bob) + "future: 1\n"));
    assertThat(r.problems()).isEmpty();
    CrevProof.Trust t = (CrevProof.Trust) r.proofs().getFirst();
    assertThat(t.ids()).containsExactly(bob);
    assertThat(t.level()).isEqualTo(CrevProof.Level.HIGH);
  }

  @Test
  void signatureOfAnotherBodyFails() {
    String body = alice.reviewBody("foo", "1.0.0", "positive");
    String other = alice.reviewBody("foo", "1.0.0", "strong");
    String forged =
        "----- BEGIN CREV PROOF -----\n"
            + body
            + "----- SIGN CREV PROOF -----\n"
            + alice.signature(other)
            + "\n----- END CREV PROOF -----\n";
    CrevProofReader.Result r = CrevProofReader.read("forged", forged);
    assertThat(r.proofs()).isEmpty();
    assertThat(r.problems().getFirst().message()).startsWith("bad signature");
  }

  @Test
  void aliasesAreRejectedEvenWhenSigned() {
    String body =
        alice.reviewBody("foo", "1.0.0", "positive") + "alternatives: &a [x, y]\nextra: *a\n";
    CrevProofReader.Result r = CrevProofReader.read("alias", alice.sign(body));
    assertThat(r.proofs()).isEmpty();
    assertThat(r.problems().getFirst().message()).contains("YAML a");
  }

  @Test
  void billionLaughsIsRejected() {
    StringBuilder b = new StringBuilder(alice.reviewBody("foo", "1.0.0", "positive"));
    b.append("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i < 9; i++) {
      b.append("l").append(i).append(": &l").append(i).append(" [");
      for (int j = 0; j < 9; j++) {
        b.append(j == 0 ? "" : ", ").append("*l").append(i - 1);
      }
      b.append("]\n");
    }
    CrevProofReader.Result r = CrevProofReader.read("laughs", alice.sign(b.toString()));
    assertThat(r.proofs()).isEmpty();
    assertThat(r.problems()).hasSize(1);
  }

  @Test
  void deepNestingIsRejected() {
    String body =
        alice.reviewBody("foo", "1.0.0", "positive")
            + "deep: "
            + "[".repeat(200)
            + "]".repeat(200)
            + "\n";
    CrevProofReader.Result r = CrevProofReader.read("deep", alice.sign(body));
    assertThat(r.proofs()).isEmpty();
    assertThat(r.problems().getFirst().message()).contains("deeper than");
  }

  @Test
  void oversizedBodyIsRejected() {
    String body =
        alice.reviewBody("foo", "1.0.0", "positive")
            + "comment: \""
            + "x".repeat(CrevProofReader.MAX_BODY_BYTES)
            + "\"\n";
    CrevProofReader.Result r = CrevProofReader.read("big", alice.sign(body));
    assertThat(r.proofs()).isEmpty();
    assertThat(r.problems().getFirst().message()).contains("body larger than 32000 bytes");
  }

  @Test
  void truncatedEnvelopeIsReported() {
    String whole = alice.sign(alice.reviewBody("foo", "1.0.0", "positive"));
    String cut = whole.substring(0, whole.indexOf("----- SIGN"));
    CrevProofReader.Result r = CrevProofReader.read("cut", cut);
    assertThat(r.proofs()).isEmpty();
    assertThat(r.problems().getFirst().message()).contains("no signature");
  }

  @Test
  void duplicateKeysAreRejected() {
    String body = alice.reviewBody("foo", "1.0.0", "positive") + "comment: a\ncomment: b\n";
    CrevProofReader.Result r = CrevProofReader.read("dup", alice.sign(body));
    assertThat(r.proofs()).isEmpty();
    assertThat(r.problems()).hasSize(1);
  }
}
