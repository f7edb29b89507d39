package dev.cratetrust.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.CrateFile;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.crates.UnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Files that come from a git submodule: fetched and compared like the package's own files. */
class SubmoduleComparisonTest {
  private static final String ORIG =
      """
      [package]
      name = "demo"
      version = "1.2.3"
      edition = "2021"
      repository = "https://example.invalid/repo"
      """;

  private final InMemoryRepository repo = new InMemoryRepository();
  private final InMemoryRepository sub = new InMemoryRepository();

  private CommitId parentWithSubmodule(CommitId subCommit) {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("Cargo.toml", ORIG);
    files.put("src/lib.rs", "pub fn f() {}\n");
    files.put(".gitmodules", "[submodule \"third\"]\n\tpath = third\n\turl = ../third.git\n");
    CommitId c = repo.commit(files, true);
    repo.gitlink(c, "third", subCommit);
    repo.tag("v1.2.3", c);
    return c;
  }

  private ProvenanceReport check(CommitId c, String vendoredContent) throws Exception {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(
        ".cargo_vcs_info.json",
        "{\"git\": {\"sha1\": \"" + c.hex() + "\"}, \"path_in_vcs\": \"\"}");
    m.put("Cargo.toml.orig", ORIG);
    m.put("Cargo.toml", ORIG);
    m.put("src/lib.rs", "pub fn f() {}\n");
    m.put("third/vendored.c", vendoredContent);
    List<CrateFile> list = new ArrayList<>();
    m.forEach((p, x) -> list.add(new CrateFile(p, x.getBytes(StandardCharsets.UTF_8), false)));
    CrateContents crate =
        new CrateContents(PackageId.of("demo", "1.2.3"), list, "test", Optional.empty());
    return new ProvenanceChecker()
        .check(
            new ProvenanceInput(
                crate,
                Optional.of(repo.url()),
                new RepositoryState.Available(repo),
                Optional.empty(),
                List.of()));
  }

  @Test
  void aSubmoduleThatCannotBeFetchedIsNotAVerdict() {
    CommitId c = parentWithSubmodule(CommitId.of("b".repeat(40)));
    // no repository registered for ../third.git: fetching the submodule fails
    assertThatThrownBy(() -> check(c, "int x;\n"))
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining("third/vendored.c")
        .hasMessageContaining("submodule 'third'")
        .hasMessageContaining("../third.git")
        .hasMessageContaining("could not be fetched");
  }

  @Test
  void submoduleFilesWithCrlfLineEndingsAreExplainedLikeOtherFiles() throws Exception {
    CommitId subCommit = sub.commit(Map.of("vendored.c", "int x;\nint y;\n"), true);
    repo.addSubmodule("../third.git", sub);
    CommitId c = parentWithSubmodule(subCommit);
    ProvenanceReport r = check(c, "int x;\r\nint y;\r\n");
    assertThat(r.reasonCodes()).isEmpty();
    assertThat(r.files())
        .filteredOn(f -> f.path().equals("third/vendored.c"))
        .singleElement()
        .satisfies(f -> assertThat(f.explanation()).contains(Explanation.LINE_ENDINGS));
  }

  @Test
  void crlfContentFoundElsewhereInTheSubmoduleDiffersButIsNotMissing() throws Exception {
    CommitId old = sub.commit(Map.of("vendored.c", "int old;\n"), false);
    CommitId subCommit = sub.commit(Map.of("vendored.c", "int x;\n"), true);
    assertThat(old).isNotEqualTo(subCommit);
    repo.addSubmodule("../third.git", sub);
    CommitId c = parentWithSubmodule(subCommit);
    ProvenanceReport r = check(c, "int old;\r\n");
    assertThat(r.reasonCodes()).contains("files-differ").doesNotContain("files-not-in-repository");
  }
}
