package dev.cratetrust.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.CrateFile;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.crates.UnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HistorySearchTest {
  private static CrateFile file(String path, String content) {
    return new CrateFile(path, content.getBytes(StandardCharsets.UTF_8), false);
  }

  @Test
  void searchesEachOwnFileAndLeavesCargoWrittenFilesUnverified() throws UnavailableException {
    InMemoryRepository repo = new InMemoryRepository();
    repo.storeBlob("fn a() {}\n");
    CrateContents crate =
        new CrateContents(
            PackageId.of("demo", "1.0.0"),
            List.of(
                file("Cargo.toml", "x"),
                file("Cargo.lock", "y"),
                file("src/a.rs", "fn a() {}\n"),
                file("src/b.rs", "fn b() {}\n")),
            "test",
            Optional.empty());
    List<Finding> findings = new ArrayList<>();
    List<FileResult> r = HistorySearch.blobAnywhere(repo, crate, true, findings);
    assertThat(r).extracting(FileResult::status).containsOnly(FileResult.Status.UNVERIFIED);
    assertThat(r.get(0).foundElsewhere()).isEmpty();
    assertThat(r.get(1).foundElsewhere()).isEmpty();
    assertThat(r.get(2).foundElsewhere()).contains(true);
    assertThat(r.get(3).foundElsewhere()).contains(false);
    assertThat(findings).hasSize(1);
    assertThat(findings.getFirst().reason()).isEqualTo(Reason.FILES_NOT_IN_REPOSITORY);
    assertThat(findings.getFirst().evidence()).containsExactly("src/b.rs");
    assertThat(repo.historySearches()).hasSize(2);
  }
}
