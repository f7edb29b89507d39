package dev.cratetrust.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IsolatedGitConfigTest {
  private static final String URL = "https://example.invalid/a/b";

  @TempDir Path tmp;

  /** A reader whose user and system files weaken TLS and set a marker, like a hostile gitconfig. */
  private SystemReader withConfigFiles() throws Exception {
    Path user = tmp.resolve("user.gitconfig");
    Path system = tmp.resolve("system.gitconfig");
    Files.writeString(user, "[http]\n\tsslVerify = false\n[cratetrust]\n\tfrom = user\n");
    Files.writeString(system, "[cratetrust]\n\tsystem = yes\n");
    return new SystemReader.Delegate(SystemReader.getInstance()) {
      @Override
      public FileBasedConfig openUserConfig(Config parent, FS fs) {
        return new FileBasedConfig(parent, user.toFile(), fs);
      }

      @Override
      public FileBasedConfig openSystemConfig(Config parent, FS fs) {
        return new FileBasedConfig(parent, system.toFile(), fs);
      }
    };
  }

  @Test
  void cachedRepositoriesIgnoreUserAndSystemConfiguration() throws Exception {
    Path dir;
    try (Repository created = new RepositoryCache(tmp.resolve("cache")).open(URL)) {
      dir = created.getDirectory().toPath();
    }
    SystemReader before = SystemReader.getInstance();
    SystemReader files = withConfigFiles();
    try {
      SystemReader.setInstance(files);
      try (Repository repo = open(dir)) {
        assertThat(repo.getConfig().getBoolean("http", "sslVerify", true)).isFalse();
        assertThat(repo.getConfig().getString("cratetrust", null, "system")).isEqualTo("yes");
      }
      SystemReader.setInstance(new IsolatedGitConfig(files));
      try (Repository repo = open(dir)) {
        assertThat(repo.getConfig().getBoolean("http", "sslVerify", true)).isTrue();
        assertThat(repo.getConfig().getString("cratetrust", null, "from")).isNull();
        assertThat(repo.getConfig().getString("cratetrust", null, "system")).isNull();
        assertThat(repo.getConfig().getString("core", null, "hooksPath")).isEqualTo("/dev/null");
      }
    } finally {
      SystemReader.setInstance(before);
    }
  }

  private static Repository open(Path dir) throws Exception {
    return new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
  }

  @Test
  void creatingACacheInstallsTheIsolationOnce() throws Exception {
    new RepositoryCache(tmp);
    SystemReader installed = SystemReader.getInstance();
    assertThat(installed).isInstanceOf(IsolatedGitConfig.class);
    new RepositoryCache(tmp.resolve("again"));
    assertThat(SystemReader.getInstance()).isSameAs(installed);
    FileBasedConfig user = installed.openUserConfig(null, FS.DETECTED);
    user.load();
    assertThat(user.getFile()).isNull();
    assertThat(user.getSections()).isEmpty();
  }
}
