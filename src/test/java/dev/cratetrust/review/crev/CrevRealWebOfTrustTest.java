package dev.cratetrust.review.crev;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.trust.CrevProof;
import dev.cratetrust.trust.CrevWebOfTrust;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The web of trust over the real dpc and kornelski proof repositories. */
class CrevRealWebOfTrustTest {
  static final String DPC = "FYlr8YoYGVvDwHQxqEIs89reKKDy-oWisoO0qXXEfHE";
  static final String KORNEL = "Qf4cHJBEoho61fd5zoeweyrFCIZ7Pb5X5ggc5iw4B50";

  @Test
  void dpcsWebFromTheRealProofs() throws Exception {
    List<CrevProof.Trust> trust = new ArrayList<>();
    for (Path p : CrevProofReaderTest.proofFiles()) {
      for (CrevProof proof : CrevProofReader.read(p.toString(), Files.readString(p)).proofs()) {
        if (proof instanceof CrevProof.Trust t) {
          trust.add(t);
        }
      }
    }
    CrevWebOfTrust.Web web =
        CrevWebOfTrust.compute(Set.of(DPC), trust, CrevWebOfTrust.Params.DEFAULTS);
    // dpc trusts Qf4c... at medium (2019-07-13): one medium edge costs 1
    CrevWebOfTrust.Trusted k = web.get(KORNEL).orElseThrow();
    assertThat(k.level()).isEqualTo(CrevProof.Level.MEDIUM);
    assertThat(k.distance()).isEqualTo(1);
    // dpc set gV7Z... to none (2019-08-28): revoked, unless someone else in the web vouches
    boolean othersVouch =
        trust.stream()
            .anyMatch(
                t ->
                    !t.authorId().equals(DPC)
                        && t.ids().contains("gV7ZijKKhdQEbiev0zMLRQKUtUa4zqiTFfLsdREUmSc")
                        && t.level().compareTo(CrevProof.Level.LOW) >= 0);
    assertThat(web.get("gV7ZijKKhdQEbiev0zMLRQKUtUa4zqiTFfLsdREUmSc").isPresent())
        .isEqualTo(othersVouch);
    // nobody reached through kornelski's medium edge can exceed medium
    for (CrevWebOfTrust.Trusted t : web.trusted().values()) {
      if (t.path().size() > 1 && t.path().get(1).equals(KORNEL)) {
        assertThat(t.level()).isLessThanOrEqualTo(CrevProof.Level.MEDIUM);
      }
      assertThat(t.distance()).isLessThanOrEqualTo(10);
    }
    assertThat(web.trusted().size()).isGreaterThan(5);
  }
}
