package dev.cratetrust.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.CargoManifest;
import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.CrateFile;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.provenance.RepositorySnapshot.TreeEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CargoFilesCheckTest {
  private static final String MANIFEST = "[package]\nname = \"demo\"\nversion = \"1.0.0\"\n";
  private final InMemoryRepository repo = new InMemoryRepository();
  private final List<Finding> findings = new ArrayList<>();

  private static CrateFile file(String path, String content) {
    return new CrateFile(path, content.getBytes(StandardCharsets.UTF_8), false);
  }

  private CargoFilesCheck check(CommitId c, CrateFile... files) {
    CrateContents crate =
        new CrateContents(PackageId.of("demo", "1.0.0"), List.of(files), "test", Optional.empty());
    return new CargoFilesCheck(
        crate, c, new PackagePaths(repo, c), new DiffRenderer(1024), findings);
  }

  private TreeEntry entry(CommitId c, String path) throws UnavailableException {
    return repo.tree(c, "").stream().filter(e -> e.path().equals(path)).findFirst().orElseThrow();
  }

  @Test
  void rewrittenLockIsExplainedWithADiffAndAFinding() throws UnavailableException {
    CommitId c = repo.commit(Map.of("Cargo.lock", "version = 3\n"), true);
    CrateFile lock = file("Cargo.lock", "version = 4\n");
    FileResult r = check(c, lock).rewrittenLock(repo, lock, "Cargo.lock", entry(c, "Cargo.lock"));
    assertThat(r.explanation()).contains(Explanation.CARGO_LOCK_REWRITTEN);
    assertThat(r.diff().orElseThrow()).contains("-version = 3", "+version = 4");
    assertThat(findings).extracting(Finding::reason).containsExactly(Reason.CARGO_LOCK_DIFFERS);
  }

  @Test
  void manifestWithoutOrigConsistentWithTheRepositoryIsExplained() throws Exception {
    CommitId c = repo.commit(Map.of("Cargo.toml", MANIFEST), true);
    CrateFile toml = file("Cargo.toml", MANIFEST + "\n");
    FileResult r =
        check(c, toml)
            .againstRepositoryManifest(
                repo,
                toml,
                "Cargo.toml",
                entry(c, "Cargo.toml"),
                CargoManifest.parse(toml.content()));
    assertThat(r.explanation()).contains(Explanation.CARGO_TOML_CONSISTENT_WITH_REPOSITORY);
    assertThat(findings).isEmpty();
  }

  @Test
  void manifestWithoutOrigAndNoRepositoryManifestCannotBeChecked() throws Exception {
    CommitId c = repo.commit(Map.of("src/lib.rs", ""), true);
    CrateFile toml = file("Cargo.toml", MANIFEST);
    FileResult r =
        check(c, toml)
            .againstRepositoryManifest(
                repo, toml, "Cargo.toml", null, CargoManifest.parse(toml.content()));
    assertThat(r.status()).isEqualTo(FileResult.Status.UNVERIFIED);
    assertThat(findings)
        .extracting(Finding::reason)
        .containsExactly(Reason.CARGO_TOML_INCONSISTENT);
  }

  @Test
  void inPackageIgnoresLeadingDotSlashAndBackslashes() {
    CrateContents crate =
        new CrateContents(
            PackageId.of("demo", "1.0.0"),
            List.of(file("docs/README.md", "x")),
            "test",
            Optional.empty());
    assertThat(CargoFilesCheck.inPackage(crate, "./docs\\README.md")).isTrue();
    assertThat(CargoFilesCheck.inPackage(crate, "README.md")).isFalse();
  }
}
