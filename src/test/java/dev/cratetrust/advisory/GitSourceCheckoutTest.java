package dev.cratetrust.advisory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitSourceCheckoutTest {

  @Test
  void clonesAnAdvisoryRepositoryAndRecordsTheCommit(@TempDir Path tmp) throws Exception {
    Path origin = tmp.resolve("origin");
    Files.createDirectories(origin.resolve("crates/hyper"));
    Files.copy(
        Path.of("src/test/resources/data/rustsec/advisory-db/crates/hyper/RUSTSEC-2021-0078.md"),
        origin.resolve("crates/hyper/RUSTSEC-2021-0078.md"));
    RevCommit commit;
    try (Git git = Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      commit =
          git.commit()
              .setMessage("one advisory")
              .setAuthor("t", "t@example.org")
              .setCommitter("t", "t@example.org")
              .setSign(false)
              .call();
    }
    String url =
        origin.toUri().toString().replace("file:/", "file:///").replace("file:////", "file:///");
    GitSourceCheckout.Checkout co = GitSourceCheckout.cloneInto(url, tmp.resolve("cache"));
    assertThat(co.revision()).isEqualTo(commit.name());
    assertThat(co.directory()).startsWith(tmp.resolve("cache"));
    AdvisoryImport imported =
        AdvisoryDatabaseReader.read(co.directory(), url, Optional.of(co.revision()));
    assertThat(imported.advisories())
        .extracting(e -> e.advisory().id())
        .containsExactly("RUSTSEC-2021-0078");
    GitSourceCheckout.Checkout again = GitSourceCheckout.cloneInto(url, tmp.resolve("cache"));
    assertThat(again.directory()).isEqualTo(co.directory());
    try (var s = Files.list(tmp.resolve("cache"))) {
      assertThat(s.count()).as("no temporary clone left behind").isEqualTo(1);
    }
  }

  @Test
  void refusesOtherSchemesBeforeAnyIo(@TempDir Path tmp) {
    for (String url :
        new String[] {"ssh://-oProxyCommand=x/y", "git://example.org/x", "http://example.org/x"}) {
      assertThatThrownBy(() -> GitSourceCheckout.cloneInto(url, tmp.resolve("cache")))
          .isInstanceOf(AdvisorySourceException.class)
          .hasMessageContaining(url)
          .hasMessageContaining("only https://");
    }
    assertThat(tmp.resolve("cache")).doesNotExist();
  }

  @Test
  void unreachableRepositoryIsUnavailableAndLeavesNothing(@TempDir Path tmp) {
    String url = tmp.resolve("missing").toUri().toString();
    assertThatThrownBy(() -> GitSourceCheckout.cloneInto(url, tmp.resolve("cache")))
        .isInstanceOf(dev.cratetrust.crates.UnavailableException.class)
        .hasMessageContaining("clone " + url);
    try (var s = Files.list(tmp.resolve("cache"))) {
      assertThat(s.count()).isZero();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
