package dev.cratetrust.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.crates.UnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReleaseTagCheckTest {
  private static final PackageId ID = PackageId.of("demo", "1.2.0");
  private final InMemoryRepository repo = new InMemoryRepository();
  private final List<Finding> findings = new ArrayList<>();
  private final ReleaseTagCheck check = new ReleaseTagCheck(ID, findings);

  private static String manifest(String name, String version) {
    return "[package]\nname = \"" + name + "\"\nversion = \"" + version + "\"\n";
  }

  private List<Reason> reasons() {
    return findings.stream().map(Finding::reason).toList();
  }

  @Test
  void releaseTagOnTheCommitMatches() throws UnavailableException {
    CommitId c = repo.commit(Map.of("Cargo.toml", manifest("demo", "1.2.0")), true);
    repo.tag("v1.2.0", c);
    TagResult r = check.check(repo, repo.tags(), c, "");
    assertThat(r.matched()).contains("v1.2.0");
    assertThat(findings).isEmpty();
  }

  @Test
  void untaggedCommitWithTheReleaseTagElsewhere() throws UnavailableException {
    CommitId tagged = repo.commit(Map.of("Cargo.toml", manifest("demo", "1.2.0")), true);
    CommitId c = repo.commit(Map.of("Cargo.toml", manifest("demo", "1.2.0")), true);
    repo.tag("v1.2.0", tagged);
    TagResult r = check.check(repo, repo.tags(), c, "");
    assertThat(r.matched()).isEmpty();
    assertThat(r.elsewhere()).containsExactly("v1.2.0");
    assertThat(reasons())
        .containsExactly(Reason.NO_RELEASE_TAG, Reason.NO_TAG_AT_ALL, Reason.RELEASE_TAG_ELSEWHERE);
  }

  @Test
  void commitFromTagsNeedsTheTaggedManifestToBeThisVersion() throws UnavailableException {
    CommitId wrong = repo.commit(Map.of("Cargo.toml", manifest("demo", "1.1.0")), true);
    repo.tag("v1.2.0", wrong);
    assertThat(check.commitFromTags(repo, repo.tags(), "")).isEmpty();
    CommitId right = repo.commit(Map.of("Cargo.toml", manifest("demo", "1.2.0")), true);
    repo.tag("demo-v1.2.0", right);
    assertThat(check.commitFromTags(repo, repo.tags(), "")).contains(right);
  }

  @Test
  void guessesTheFolderWhoseManifestNamesTheCrate() throws UnavailableException {
    CommitId c =
        repo.commit(
            Map.of(
                "Cargo.toml", "[workspace]\nmembers = [\"crates/*\"]\n",
                "crates/other/Cargo.toml", manifest("other", "1.0.0"),
                "crates/demo/Cargo.toml", manifest("demo", "1.2.0")),
            true);
    assertThat(check.guessFolder(repo, new PackagePaths(repo, c), c)).contains("crates/demo");
    assertThat(reasons()).containsExactly(Reason.PACKAGE_FOLDER_GUESSED);
  }
}
