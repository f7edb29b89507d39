package dev.cratetrust.git;

import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * Makes JGit in this process ignore the system and user git configuration ({@code /etc/gitconfig},
 * {@code ~/.gitconfig}, {@code ~/.config/git/config}), as {@code GIT_CONFIG_NOSYSTEM} and {@code
 * GIT_CONFIG_GLOBAL=/dev/null} do for git: a cached repository then behaves only as its own config
 * and cratetrust's options say (a user's {@code http.sslVerify=false} cannot weaken fetches of
 * untrusted URLs), and JGit no longer starts {@code git config --system} processes to find the
 * system file, about 0.1 s of every command.
 *
 * <p>JGit's own file ({@code ~/.config/jgit/config}, where it caches measured file-timestamp
 * resolution) is still read and written.
 */
final class IsolatedGitConfig extends SystemReader.Delegate {
  IsolatedGitConfig(SystemReader delegate) {
    super(delegate);
  }

  /** Wraps the current {@link SystemReader} unless it is already isolated. */
  static synchronized void install() {
    SystemReader current = SystemReader.getInstance();
    if (!(current instanceof IsolatedGitConfig)) {
      SystemReader.setInstance(new IsolatedGitConfig(current));
    }
  }

  @Override
  public FileBasedConfig openSystemConfig(Config parent, FS fs) {
    return empty(parent, fs);
  }

  @Override
  public FileBasedConfig openUserConfig(Config parent, FS fs) {
    return empty(parent, fs);
  }

  private static FileBasedConfig empty(Config parent, FS fs) {
    return new FileBasedConfig(parent, null, fs) {
      @Override
      public void load() {}

      @Override
      public boolean isOutdated() {
        return false;
      }
    };
  }
}
