package dev.cratetrust.git;

import dev.cratetrust.crates.InputText;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A directory of bare repositories reused across runs, one per fetched URL, named by the SHA-256 of
 * that URL; each is created atomically (initialized in a temporary directory, then renamed) and
 * guarded by a per-repository lock that works across threads and processes.
 *
 * <p>Every cached repository has hooks disabled ({@code core.hooksPath=/dev/null}), redirects
 * disabled ({@code http.followRedirects=false}), automatic gc off and no working tree. A directory
 * that cannot be opened, lacks its objects folder or was made for another URL is deleted and made
 * again; this does not detect corrupt pack contents (JGit reports those when they are read).
 */
public final class RepositoryCache {
  static final String URL_MARKER = "cratetrust-url";

  private final Path root;

  /** Shared by all caches of this JVM: file locks are per process, so threads queue here first. */
  private static final Map<Path, ReentrantLock> THREAD_LOCKS = new ConcurrentHashMap<>();

  public RepositoryCache(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /**
   * The default cache root: {@code $XDG_CACHE_HOME/cratetrust/git} when that variable is set to an
   * absolute path, else {@code <home>/.cache/cratetrust/git}.
   */
  public static Path defaultRoot(Map<String, String> env, Path home) {
    String xdg = env.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "cratetrust", "git");
    }
    return home.resolve(".cache").resolve("cratetrust").resolve("git");
  }

  /** A cache at {@link #defaultRoot} for this process's environment and home directory. */
  public static RepositoryCache atDefaultLocation() {
    return new RepositoryCache(
        defaultRoot(System.getenv(), Path.of(System.getProperty("user.home"))));
  }

  public Path root() {
    return root;
  }

  /** The directory that holds (or will hold) the bare repository for {@code url}. */
  public Path dirFor(String url) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
      return root.resolve(HexFormat.of().formatHex(digest) + ".git");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  /**
   * Takes the lock for {@code url}'s repository (waiting for other threads and processes), creating
   * or repairing the repository first; close the lock to release it.
   */
  public Lock lock(String url) throws GitStorageException {
    Path dir = dirFor(url);
    ReentrantLock threadLock = THREAD_LOCKS.computeIfAbsent(dir, d -> new ReentrantLock());
    threadLock.lock();
    FileChannel channel = null;
    try {
      Files.createDirectories(root);
      channel =
          FileChannel.open(
              root.resolve(dir.getFileName() + ".lock"),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE);
      FileLock fileLock = channel.lock();
      ensureRepository(url, dir);
      return new Lock(dir, threadLock, channel, fileLock);
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      threadLock.unlock();
      throw new GitStorageException(
          "open git cache " + dir + " for " + InputText.printable(url) + ": " + e.getMessage(), e);
    }
  }

  /** Opens {@code url}'s cached repository for reading, creating it if needed (under the lock). */
  public Repository open(String url) throws GitStorageException {
    try (Lock lock = lock(url)) {
      return lock.openRepository();
    }
  }

  /** A held per-repository lock. */
  public static final class Lock implements AutoCloseable {
    private final Path dir;
    private final ReentrantLock threadLock;
    private final FileChannel channel;
    private final FileLock fileLock;
    private boolean released;

    private Lock(Path dir, ReentrantLock threadLock, FileChannel channel, FileLock fileLock) {
      this.dir = dir;
      this.threadLock = threadLock;
      this.channel = channel;
      this.fileLock = fileLock;
    }

    public Path dir() {
      return dir;
    }

    /** Opens the locked repository; the caller closes it. */
    public Repository openRepository() throws GitStorageException {
      try {
        return new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
      } catch (IOException e) {
        throw new GitStorageException("open git cache " + dir + ": " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      if (released) {
        return;
      }
      released = true;
      try {
        fileLock.release();
      } catch (IOException e) {
        // Closing the channel below releases the lock as well.
      }
      closeQuietly(channel);
      threadLock.unlock();
    }
  }

  private void ensureRepository(String url, Path dir) throws IOException {
    if (Files.exists(dir)) {
      if (healthy(url, dir)) {
        return;
      }
      deleteRecursively(dir);
    }
    Path tmp = root.resolve("tmp-" + UUID.randomUUID() + ".git");
    try {
      try (Repository r = new FileRepositoryBuilder().setGitDir(tmp.toFile()).setBare().build()) {
        r.create(true);
        StoredConfig config = r.getConfig();
        config.setString("core", null, "hooksPath", "/dev/null");
        config.setBoolean("core", null, "symlinks", false);
        config.setString("http", null, "followRedirects", "false");
        config.setInt("gc", null, "auto", 0);
        config.setBoolean("fetch", null, "recurseSubmodules", false);
        config.save();
      }
      Files.writeString(tmp.resolve(URL_MARKER), url + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException
          | DirectoryNotEmptyException
          | AtomicMoveNotSupportedException e) {
        if (!healthy(url, dir)) {
          throw e;
        }
      }
    } finally {
      deleteRecursively(tmp);
    }
  }

  private static boolean healthy(String url, Path dir) {
    try {
      if (!Files.isDirectory(dir.resolve("objects"))
          || !Files.isRegularFile(dir.resolve("HEAD"))
          || !Files.isRegularFile(dir.resolve(URL_MARKER))
          || !Files.readString(dir.resolve(URL_MARKER), StandardCharsets.UTF_8)
              .equals(url + "\n")) {
        return false;
      }
      try (Repository r =
          new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build()) {
        r.getConfig().load();
        return "/dev/null".equals(r.getConfig().getString("core", null, "hooksPath"))
            && "false".equals(r.getConfig().getString("http", null, "followRedirects"))
            && r.getObjectDatabase().exists();
      }
    } catch (IOException | RuntimeException | org.eclipse.jgit.errors.ConfigInvalidException e) {
      return false;
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // Nothing to do: the lock dies with the channel.
      }
    }
  }
}
