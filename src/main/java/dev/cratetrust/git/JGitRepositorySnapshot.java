package dev.cratetrust.git;

import dev.cratetrust.crates.BlobId;
import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.git.FetchOutcome.Failed;
import dev.cratetrust.git.FetchOutcome.Reason;
import dev.cratetrust.provenance.RepositorySnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A {@link RepositorySnapshot} over a cached bare repository, or over a local repository read in
 * place, fetching more lazily: the remote's refs on first use (reused from the cache while fresh),
 * the commit history without files before a question about refs, the full history with files only
 * before the first {@link #searchHistoryForBlob} on a shallow repository, and a commit's objects
 * (only when a ref contains it) before reading its tree. A local repository is never fetched into.
 *
 * <p>Holds the repository open: close it when done (this also closes the submodule snapshots it
 * returned). Safe for concurrent reads. Blob presence is checked in the whole object database, so a
 * blob found proves only that some fetched commit contains it. In a partial clone (promisor packs),
 * an object the check needs but the clone lacks is an {@link UnavailableException} naming it.
 */
public final class JGitRepositorySnapshot implements RepositorySnapshot, AutoCloseable {
  private static final long MAX_FILE_AT_BYTES = 16L << 20;
  private static final int MAX_REMEMBERED_PATHS = 1 << 20;

  private final Repositories repositories;
  private final Repositories.Target target;
  private final Repository repo;
  private final AtomicBoolean deepened = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final List<JGitRepositorySnapshot> submodules = new CopyOnWriteArrayList<>();

  /** Paths of blobs seen in listed trees, to name a blob missing from a partial clone. */
  private final Map<String, String> paths = new ConcurrentHashMap<>();

  private volatile Boolean partial;

  JGitRepositorySnapshot(Repositories repositories, Repositories.Target target, Repository repo) {
    this.repositories = repositories;
    this.target = target;
    this.repo = repo;
  }

  @Override
  public String url() {
    return target.url();
  }

  /** Whether the URL was chosen by the user (or a rewrite rule) rather than taken from a crate. */
  public boolean trusted() {
    return target.trusted();
  }

  @Override
  public List<TreeEntry> tree(CommitId commit, String folder) throws UnavailableException {
    Optional<RevCommit> c = commit(commit);
    if (c.isEmpty()) {
      return List.of();
    }
    String dir = trimSlashes(folder);
    List<TreeEntry> out = new ArrayList<>();
    try (ObjectReader reader = repo.newObjectReader()) {
      ObjectId treeId = c.get().getTree();
      if (!dir.isEmpty()) {
        try (TreeWalk sub = TreeWalk.forPath(reader, dir, treeId)) {
          if (sub == null || !sub.getFileMode(0).equals(FileMode.TREE)) {
            return List.of();
          }
          treeId = sub.getObjectId(0);
        }
      }
      try (TreeWalk walk = new TreeWalk(reader)) {
        walk.addTree(treeId);
        walk.setRecursive(true);
        while (walk.next()) {
          EntryMode mode = mode(walk.getFileMode(0));
          if (mode != null) {
            String id = walk.getObjectId(0).name();
            out.add(new TreeEntry(walk.getPathString(), mode, id));
            if (mode != EntryMode.GITLINK && paths.size() < MAX_REMEMBERED_PATHS) {
              paths.putIfAbsent(
                  id, dir.isEmpty() ? walk.getPathString() : dir + "/" + walk.getPathString());
            }
          }
        }
      }
    } catch (IOException e) {
      throw readFailed("read tree of " + commit + " at '" + InputText.printable(folder) + "'", e);
    }
    return out;
  }

  @Override
  public Optional<byte[]> blob(BlobId id, long maxBytes) throws UnavailableException {
    try (ObjectReader reader = repo.newObjectReader()) {
      ObjectLoader loader = reader.open(ObjectId.fromString(id.hex()), Constants.OBJ_BLOB);
      if (loader.getSize() > maxBytes) {
        return Optional.empty();
      }
      return Optional.of(loader.getBytes());
    } catch (MissingObjectException e) {
      if (isPartial()) {
        throw missingFromPartialClone("read blob " + id + pathOf(id));
      }
      return Optional.empty();
    } catch (IncorrectObjectTypeException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw readFailed("read blob " + id, e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>On a shallow cache this first fetches the full history of every branch and tag with all
   * files (once per snapshot). A local partial clone cannot answer "not found": that is an {@link
   * UnavailableException}.
   */
  @Override
  public boolean searchHistoryForBlob(BlobId id) throws UnavailableException {
    ObjectId oid = ObjectId.fromString(id.hex());
    try {
      if (repo.getObjectDatabase().has(oid)) {
        return true;
      }
      if (target.isLocal()) {
        if (isPartial()) {
          throw new GitStorageException(
              "search the history of "
                  + InputText.printable(url())
                  + " for blob "
                  + id
                  + pathOf(id)
                  + ": not found, but this is a partial clone (a .promisor pack: objects left out"
                  + " by its filter are not here), so it cannot show that the content is nowhere in"
                  + " the repository; fetch the full history there (git -C REPO fetch --refetch"
                  + " origin, or a clone without --filter)",
              null);
        }
        return false;
      }
      if (GitFetcher.isShallow(repo) && deepened.compareAndSet(false, true)) {
        FetchOutcome outcome = repositories.fetchAll(target);
        if (outcome instanceof Failed f) {
          throw new GitFetchUnavailableException(
              "deepen "
                  + InputText.printable(url())
                  + " to search for blob "
                  + id
                  + ": "
                  + f.detail(),
              f.reason());
        }
        return repo.getObjectDatabase().has(oid);
      }
      return false;
    } catch (IOException e) {
      throw readFailed("look up blob " + id, e);
    }
  }

  /**
   * Whether {@link #searchHistoryForBlob} can answer "not found": false for a local partial clone,
   * whose history lacks the contents it was cloned without.
   */
  public boolean canSearchHistory() {
    return !(target.isLocal() && isPartial());
  }

  @Override
  public Containment containment(CommitId commit) throws UnavailableException {
    return repositories.locate(target, commit);
  }

  @Override
  public List<Tag> tags() throws UnavailableException {
    return repositories.remoteInfo(target).tags();
  }

  /** {@inheritDoc} Answered from the commit history (no files are fetched). */
  @Override
  public Reachability reachableFromDefaultBranch(CommitId commit) throws UnavailableException {
    Optional<Boolean> on = repositories.onDefaultBranch(target, commit);
    if (on.isEmpty()) {
      return Reachability.UNKNOWN;
    }
    return on.get() ? Reachability.REACHABLE : Reachability.NOT_REACHABLE;
  }

  /** Whether the repository is a partial clone: a promisor pack or a promisor remote. */
  private boolean isPartial() {
    Boolean p = partial;
    if (p == null) {
      p = partialClone(repo);
      partial = p;
    }
    return p;
  }

  static boolean partialClone(Repository repo) {
    var config = repo.getConfig();
    if (config.getString("extensions", null, "partialclone") != null) {
      return true;
    }
    for (String remote : config.getSubsections("remote")) {
      if (config.getBoolean("remote", remote, "promisor", false)) {
        return true;
      }
    }
    Path packs = repo.getDirectory().toPath().resolve("objects").resolve("pack");
    try (var files = Files.list(packs)) {
      return files.anyMatch(f -> f.getFileName().toString().endsWith(".promisor"));
    } catch (IOException e) {
      return false;
    }
  }

  private String pathOf(BlobId id) {
    String path = paths.get(id.hex());
    return path == null ? "" : " (" + InputText.printable(path) + ")";
  }

  private GitStorageException missingFromPartialClone(String what) {
    return new GitStorageException(
        what
            + " in "
            + InputText.printable(url())
            + ": the object is missing from this partial clone (it was cloned with a filter);"
            + " fetch it there (for example git -C REPO fetch origin, or a clone without --filter)",
        null);
  }

  /**
   * {@inheritDoc}
   *
   * <p>A relative URL ({@code ../other.git}) is resolved against this repository's URL and inherits
   * its trust; an absolute URL is untrusted (normalized and checked by {@link UrlPolicy}) unless a
   * rewrite rule matches it. The returned snapshot is closed with this one.
   */
  @Override
  public Optional<RepositorySnapshot> submodule(String url, CommitId commit)
      throws UnavailableException {
    Repositories.Resolution r = repositories.resolveSubmodule(target, url);
    if (r.target() == null) {
      return Optional.empty();
    }
    if (repositories.openTarget(r.target(), Optional.of(commit))
        instanceof Repositories.Available(JGitRepositorySnapshot s)) {
      submodules.add(s);
      return Optional.of(s);
    }
    return Optional.empty();
  }

  /**
   * The bytes of the file at {@code path} in {@code commit} (fetching that commit if needed), or
   * empty when the commit or file does not exist, the path is not a regular file, executable or
   * symlink, or it is larger than 16 MiB.
   */
  public Optional<byte[]> fileAt(CommitId commit, String path) throws UnavailableException {
    Optional<RevCommit> c = commit(commit);
    if (c.isEmpty()) {
      return Optional.empty();
    }
    try (ObjectReader reader = repo.newObjectReader();
        TreeWalk walk = TreeWalk.forPath(reader, trimSlashes(path), c.get().getTree())) {
      if (walk == null
          || mode(walk.getFileMode(0)) == null
          || mode(walk.getFileMode(0)) == EntryMode.GITLINK) {
        return Optional.empty();
      }
      return blob(new BlobId(walk.getObjectId(0).name()), MAX_FILE_AT_BYTES);
    } catch (IOException e) {
      throw readFailed("read " + InputText.printable(path) + " at " + commit, e);
    }
  }

  /** The tip of the remote's default branch when last listed, or empty when it has none. */
  public Optional<CommitId> defaultBranchTip() throws UnavailableException {
    return repositories.remoteInfo(target).defaultTip();
  }

  /** Closes the repository and every submodule snapshot this one returned. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      for (JGitRepositorySnapshot s : submodules) {
        s.close();
      }
      repo.close();
    }
  }

  private Optional<RevCommit> commit(CommitId commit) throws UnavailableException {
    if (commit.hex().length() != 40) {
      return Optional.empty();
    }
    ObjectId id = ObjectId.fromString(commit.hex());
    try {
      if (!GitFetcher.hasCommit(repo, id)) {
        FetchOutcome outcome = repositories.fetchCommit(target, commit);
        if (outcome instanceof Failed f) {
          if (f.reason() == Reason.COMMIT_NOT_FOUND) {
            return Optional.empty();
          }
          throw new GitFetchUnavailableException(
              "fetch commit " + commit + " from " + InputText.printable(url()) + ": " + f.detail(),
              f.reason());
        }
      }
      try (RevWalk walk = new RevWalk(repo)) {
        return Optional.of(walk.parseCommit(id));
      }
    } catch (MissingObjectException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw readFailed("read commit " + commit, e);
    }
  }

  private static EntryMode mode(FileMode m) {
    if (m.equals(FileMode.REGULAR_FILE)) {
      return EntryMode.FILE;
    }
    if (m.equals(FileMode.EXECUTABLE_FILE)) {
      return EntryMode.EXECUTABLE;
    }
    if (m.equals(FileMode.SYMLINK)) {
      return EntryMode.SYMLINK;
    }
    if (m.equals(FileMode.GITLINK)) {
      return EntryMode.GITLINK;
    }
    return null;
  }

  private static String trimSlashes(String p) {
    String s = p == null ? "" : p;
    while (s.startsWith("/")) {
      s = s.substring(1);
    }
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  private GitStorageException readFailed(String what, IOException e) {
    return new GitStorageException(
        what
            + " in "
            + InputText.printable(url())
            + " (cache "
            + repo.getDirectory()
            + "): "
            + e.getMessage(),
        e);
  }
}
