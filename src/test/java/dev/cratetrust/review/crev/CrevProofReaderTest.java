package dev.cratetrust.review.crev;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.trust.CrevProof;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Reads the real dpc and kornelski proof repositories copied to src/test/resources/data/crev. */
class CrevProofReaderTest {
  static final Path CREV = Path.of("src/test/resources/data/crev");

  static List<Path> proofFiles() throws IOException {
    try (Stream<Path> s = Files.walk(CREV)) {
      return s.filter(p -> p.toString().endsWith(".crev")).sorted().toList();
    }
  }

  static long countLines(String marker) throws IOException {
    long n = 0;
    for (Path p : proofFiles()) {
      n += Files.readAllLines(p).stream().filter(l -> l.startsWith(marker)).count();
    }
    return n;
  }

  @Test
  void everyRealProofVerifies() throws IOException {
    List<Path> files = proofFiles();
    // an empty or partly copied slice must fail here, not pass with zero proofs checked
    assertThat(files)
        .as("proof files under " + CREV.toAbsolutePath())
        .anyMatch(p -> p.startsWith(CREV.resolve("dpc-crev-proofs")))
        .anyMatch(p -> p.startsWith(CREV.resolve("kornelski-crev-proofs")));
    assertThat(countLines("-----BEGIN CREV PACKAGE REVIEW-----"))
        .as("legacy envelopes")
        .isPositive();
    assertThat(countLines("----- BEGIN CREV PROOF -----")).as("current envelopes").isPositive();
    List<CrevProof> proofs = new ArrayList<>();
    for (Path p : files) {
      CrevProofReader.Result r = CrevProofReader.read(p.toString(), Files.readString(p));
      assertThat(r.problems()).as(p.toString()).isEmpty();
      proofs.addAll(r.proofs());
    }
    long envelopes =
        countLines("----- BEGIN CREV PROOF -----")
            + countLines("-----BEGIN CREV PACKAGE REVIEW-----")
            + countLines("-----BEGIN CREV TRUST -----");
    assertThat(proofs).hasSize((int) envelopes);
    assertThat(proofs.stream().filter(p -> p instanceof CrevProof.Trust)).isNotEmpty();
    assertThat(proofs.stream().filter(p -> !(p instanceof CrevProof.Trust))).isNotEmpty();
    assertThat(proofs.stream().filter(p -> p instanceof CrevProof.Trust).count())
        .isEqualTo(countLines("kind: trust") + countLines("-----BEGIN CREV TRUST -----"));
  }
}
