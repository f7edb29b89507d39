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
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A directory of bare repositories reused across runs, one per key, named by the SHA-256 of that
 * key: a fetched URL (the files of fetched commits) or {@code URL#history} (the commit history of
 * its branches and tags, without files); each is created atomically (initialized in a temporary
 * directory, then renamed) and guarded by a per-repository lock that works across threads and
 * processes.
 *
 * <p>Every cached repository has hooks disabled ({@code core.hooksPath=/dev/null}), redirects
 * disabled ({@code http.followRedirects=false}), automatic gc off and no working tree. A directory
 * that cannot be opened, lacks its objects folder or was made for another URL is deleted and made
 * again; this does not detect corrupt pack contents (JGit reports those when they are read). The
 * user's and the system's git configuration are ignored ({@link IsolatedGitConfig}).
 */
public final class RepositoryCache {
  static final String URL_MARKER = "cratetrust-url";

  private static final String CONFIG =
      """
      [core]
      	repositoryformatversion = 0
      	filemode = true
      	bare = true
      	logallrefupdates = false
      	hooksPath = /dev/null
      	symlinks = false
      [http]
      	followRedirects = false
      [gc]
      	auto = 0
      [fetch]
      	recurseSubmodules = false
      """;

  private final Path root;

  /** Shared by all caches of this JVM: file locks are per process, so threads queue here first. */
  private static final Map<Path, ReentrantLock> THREAD_LOCKS = new ConcurrentHashMap<>();

  /**
   * Directories this process found healthy, with the state of their config and URL marker files at
   * that time: while both are unchanged and the objects folder exists, the full check is not
   * repeated.
   */
  private static final Map<Path, List<FileState>> HEALTHY = new ConcurrentHashMap<>();

  /**
   * How many opened repositories this process keeps for reuse (jobs come grouped by repository).
   */
  private static final int OPEN_LIMIT = 32;

  /** Opened repositories, least recently used first; each holds one use count of its own. */
  private static final LinkedHashMap<Path, Repository> OPEN = new LinkedHashMap<>(64, 0.75f, true);

  private record FileState(FileTime modified, long size, Object key) {
    static FileState of(Path file) throws IOException {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return new FileState(a.lastModifiedTime(), a.size(), a.fileKey());
    }

    /** The state of the files whose change makes a directory worth checking again. */
    static List<FileState> of(Path dir, String... files) throws IOException {
      List<FileState> states = new ArrayList<>();
      for (String f : files) {
        states.add(of(dir.resolve(f)));
      }
      return states;
    }
  }

  public RepositoryCache(Path root) {
    IsolatedGitConfig.install();
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
      if (!Files.isDirectory(root)) {
        Files.createDirectories(root);
      }
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

    /**
     * Opens the locked repository; the caller closes it. The instance is shared with other callers
     * in this process (JGit repositories are safe to share between threads) and reused by later
     * locks, which saves reading its configuration and folders again for every operation.
     */
    public Repository openRepository() throws GitStorageException {
      synchronized (OPEN) {
        Repository r = OPEN.get(dir);
        if (r == null) {
          try {
            r = new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
          } catch (IOException e) {
            throw new GitStorageException("open git cache " + dir + ": " + e.getMessage(), e);
          }
          OPEN.put(dir, r);
          if (OPEN.size() > OPEN_LIMIT) {
            var eldest = OPEN.entrySet().iterator().next();
            OPEN.remove(eldest.getKey());
            eldest.getValue().close();
          }
        }
        r.incrementOpen();
        return r;
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
    List<FileState> seen = HEALTHY.get(dir);
    if (seen != null && Files.isDirectory(dir.resolve("objects"))) {
      try {
        if (seen.equals(FileState.of(dir, "config", URL_MARKER))) {
          return;
        }
      } catch (IOException e) {
        // Checked in full below.
      }
    }
    forget(dir);
    if (Files.exists(dir)) {
      if (healthy(url, dir)) {
        HEALTHY.put(dir, FileState.of(dir, "config", URL_MARKER));
        return;
      }
      deleteRecursively(dir);
    }
    Path tmp = root.resolve("tmp-" + UUID.randomUUID() + ".git");
    try {
      // The layout of `git init --bare` without samples. JGit's own create also probes the file
      // system for symlink and executable-bit support on every call: about 3 ms of CPU per new
      // repository in a scan's profile, where most repositories are new.
      for (String folder : List.of("objects/pack", "objects/info", "refs/heads", "refs/tags")) {
        Files.createDirectories(tmp.resolve(folder));
      }
      Files.writeString(tmp.resolve("HEAD"), "ref: refs/heads/master\n", StandardCharsets.UTF_8);
      Files.writeString(tmp.resolve("config"), CONFIG, StandardCharsets.UTF_8);
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
      HEALTHY.put(dir, FileState.of(dir, "config", URL_MARKER));
    } finally {
      deleteRecursively(tmp);
    }
  }

  /** Drops what this process remembered about {@code dir} before it is checked or replaced. */
  private static void forget(Path dir) {
    HEALTHY.remove(dir);
    synchronized (OPEN) {
      Repository r = OPEN.remove(dir);
      if (r != null) {
        r.close();
      }
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
