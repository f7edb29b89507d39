package dev.cratetrust.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryCacheTest {
  private static final String URL = "https://github.com/rust-lang/cargo";

  @TempDir Path tmp;

  @Test
  void defaultRootFollowsXdgThenHome() {
    Path home = Path.of("/home/u");
    assertThat(RepositoryCache.defaultRoot(Map.of("XDG_CACHE_HOME", "/x/cache"), home))
        .isEqualTo(Path.of("/x/cache/cratetrust/git"));
    assertThat(RepositoryCache.defaultRoot(Map.of("XDG_CACHE_HOME", "relative"), home))
        .isEqualTo(Path.of("/home/u/.cache/cratetrust/git"));
    assertThat(RepositoryCache.defaultRoot(Map.of(), home))
        .isEqualTo(Path.of("/home/u/.cache/cratetrust/git"));
  }

  @Test
  void oneDirectoryPerUrlNamedBySha256() {
    var cache = new RepositoryCache(tmp);
    assertThat(cache.dirFor(URL)).isEqualTo(cache.dirFor(URL));
    assertThat(cache.dirFor(URL)).isNotEqualTo(cache.dirFor(URL + "-other"));
    assertThat(cache.dirFor(URL).getFileName().toString()).matches("[0-9a-f]{64}\\.git");
    assertThat(cache.dirFor(URL).getParent()).isEqualTo(tmp.toAbsolutePath());
  }

  @Test
  void createdRepositoryIsBareWithHooksAndRedirectsOff() throws Exception {
    var cache = new RepositoryCache(tmp.resolve("c"));
    try (Repository repo = cache.open(URL)) {
      assertThat(repo.isBare()).isTrue();
      var config = repo.getConfig();
      assertThat(config.getString("core", null, "hooksPath")).isEqualTo("/dev/null");
      assertThat(config.getString("http", null, "followRedirects")).isEqualTo("false");
      assertThat(config.getInt("gc", null, "auto", -1)).isZero();
    }
    assertThat(
            Files.readString(
                cache.dirFor(URL).resolve(RepositoryCache.URL_MARKER), StandardCharsets.UTF_8))
        .isEqualTo(URL + "\n");
  }

  @Test
  void reusedAcrossCacheInstances() throws Exception {
    Path root = tmp.resolve("c");
    Path marker;
    try (Repository repo = new RepositoryCache(root).open(URL)) {
      marker = repo.getDirectory().toPath().resolve("kept");
      Files.writeString(marker, "x");
    }
    try (Repository repo = new RepositoryCache(root).open(URL)) {
      assertThat(repo.getDirectory().toPath().resolve("kept")).exists();
    }
  }

  @Test
  void repeatedOpensShareOneRepositoryThatStaysUsableUntilTheLastClose() throws Exception {
    var cache = new RepositoryCache(tmp.resolve("c"));
    Repository first = cache.open(URL);
    Repository second = cache.open(URL);
    assertThat(second).isSameAs(first);
    first.close();
    assertThat(second.getRefDatabase().getRefs()).isEmpty();
    assertThat(second.getObjectDatabase().exists()).isTrue();
    second.close();

    RepositoryCache.deleteRecursively(cache.dirFor(URL).resolve("objects"));
    try (Repository repaired = cache.open(URL)) {
      assertThat(repaired).as("a repaired directory gets a new instance").isNotSameAs(first);
      assertThat(repaired.getObjectDatabase().exists()).isTrue();
    }
  }

  @Test
  void corruptDirectoriesAreRecreated() throws Exception {
    var cache = new RepositoryCache(tmp.resolve("c"));
    Path dir = cache.dirFor(URL);
    cache.open(URL).close();
    RepositoryCache.deleteRecursively(dir.resolve("objects"));
    Files.writeString(dir.resolve("junk"), "x");
    cache.open(URL).close();
    assertThat(dir.resolve("objects")).isDirectory();
    assertThat(dir.resolve("junk")).doesNotExist();

    Files.writeString(dir.resolve("config"), "[core\n garbage");
    try (Repository repo = cache.open(URL)) {
      assertThat(repo.getConfig().getString("core", null, "hooksPath")).isEqualTo("/dev/null");
    }

    Files.writeString(dir.resolve(RepositoryCache.URL_MARKER), "https://other.example/x\n");
    Files.writeString(dir.resolve("junk"), "x");
    cache.open(URL).close();
    assertThat(dir.resolve("junk")).doesNotExist();

    RepositoryCache.deleteRecursively(dir);
    Files.writeString(dir, "a file where the repository should be");
    cache.open(URL).close();
    assertThat(dir).isDirectory();
  }

  @Test
  void unwritableRootIsAStorageErrorNamingTheDirectory() throws Exception {
    Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
    var cache = new RepositoryCache(file.resolve("sub"));
    assertThatThrownBy(() -> cache.open(URL))
        .isInstanceOf(GitStorageException.class)
        .hasMessageContaining("open git cache")
        .hasMessageContaining(URL);
  }

  @Test
  void anotherProcessHoldingTheLockIsWaitedFor() throws Exception {
    Path root = tmp.resolve("c");
    Path released = tmp.resolve("released");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                LockHolderMain.class.getName(),
                root.toString(),
                URL,
                "1500",
                released.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (var out =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).startsWith("locked ");
      try (var lock = new RepositoryCache(root).lock(URL)) {
        assertThat(released).exists();
        assertThat(lock.dir()).isEqualTo(new RepositoryCache(root).dirFor(URL));
      }
    } finally {
      child.destroy();
      child.waitFor();
    }
  }

  @Test
  void threadsSerializeOnTheSameRepository() throws Exception {
    Path root = tmp.resolve("c");
    Path counter = tmp.resolve("counter");
    Files.writeString(counter, "0");
    List<Future<?>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      for (int i = 0; i < 16; i++) {
        // Separate cache instances, as separate components of one process would have.
        var cache = new RepositoryCache(root);
        futures.add(
            pool.submit(
                () -> {
                  try (var lock = cache.lock(URL)) {
                    assertThat(lock.dir().resolve("objects")).isDirectory();
                    int n = Integer.parseInt(Files.readString(counter));
                    Thread.sleep(5);
                    Files.writeString(counter, Integer.toString(n + 1));
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    }
    assertThat(Files.readString(counter)).isEqualTo("16");
    try (Stream<Path> files = Files.list(root)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .allMatch(n -> n.matches("[0-9a-f]{64}\\.git(\\.lock)?"))
          .hasSize(2);
    }
  }
}
