package dev.cratetrust.testing;

import dev.cratetrust.crates.CommitId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TimeZone;
import java.util.TreeMap;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TagBuilder;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Builds bare git repositories for tests without a working tree: files (text, binary, executable,
 * symlink), submodules (gitlink plus {@code .gitmodules}), commits with fixed dates on named
 * branches, and annotated or lightweight tags.
 *
 * <p>Usage: {@code var repo = TestGitRepos.pushBare(server.root(), "crate.git"); CommitId c =
 * repo.on("main").file("src/lib.rs", "fn f() {}").commit("first"); repo.annotatedTag("v1.0.0",
 * c);}. Each commit on a branch starts from the tree of that branch's previous commit. Dates start
 * at 2024-01-01T00:00:00Z and advance one minute per commit, so ids are reproducible.
 */
public final class TestGitRepos implements AutoCloseable {
  private static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");

  private final Repository repo;
  private final Map<String, Map<String, Entry>> branchTrees = new HashMap<>();
  private final Map<String, ObjectId> branchTips = new HashMap<>();
  private int tick;

  private record Entry(FileMode mode, ObjectId id) {}

  private TestGitRepos(Repository repo) {
    this.repo = repo;
  }

  /**
   * Creates a bare repository at {@code root.resolve(name)} (for example under {@link
   * GitHttpServer#root()}) whose {@code HEAD} points at {@code refs/heads/main}.
   */
  public static TestGitRepos pushBare(Path root, String name) throws IOException {
    Path dir = root.resolve(name);
    Repository r = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build();
    r.create(true);
    RefUpdate head = r.updateRef(Constants.HEAD);
    head.disableRefLog();
    head.link("refs/heads/main");
    return new TestGitRepos(r);
  }

  /** The bare repository's directory. */
  public Path dir() {
    return repo.getDirectory().toPath();
  }

  /** Starts a commit on {@code branch}, from its current tree (empty for a new branch). */
  public Commit on(String branch) {
    return new Commit(branch);
  }

  /** Creates {@code branch} at {@code commit}, with that commit's tree as the starting tree. */
  public TestGitRepos branch(String branch, CommitId commit, String fromBranch) {
    branchTips.put(branch, ObjectId.fromString(commit.hex()));
    branchTrees.put(branch, new TreeMap<>(branchTrees.getOrDefault(fromBranch, Map.of())));
    return this;
  }

  /** Points {@code HEAD} at {@code branch}. */
  public void setHead(String branch) throws IOException {
    RefUpdate head = repo.updateRef(Constants.HEAD);
    head.disableRefLog();
    head.link("refs/heads/" + branch);
  }

  /** Creates a lightweight tag {@code refs/tags/name} pointing at {@code commit}. */
  public void lightweightTag(String name, CommitId commit) throws IOException {
    setRef("refs/tags/" + name, ObjectId.fromString(commit.hex()));
  }

  /** Creates an annotated tag object and {@code refs/tags/name} pointing at it; returns its id. */
  public String annotatedTag(String name, CommitId commit) throws IOException {
    TagBuilder tag = new TagBuilder();
    tag.setTag(name);
    tag.setObjectId(ObjectId.fromString(commit.hex()), Constants.OBJ_COMMIT);
    tag.setTagger(person());
    tag.setMessage("release " + name + "\n");
    ObjectId id;
    try (ObjectInserter ins = repo.newObjectInserter()) {
      id = ins.insert(tag);
      ins.flush();
    }
    setRef("refs/tags/" + name, id);
    return id.name();
  }

  @Override
  public void close() {
    repo.close();
  }

  private void setRef(String name, ObjectId id) throws IOException {
    RefUpdate u = repo.updateRef(name);
    u.setNewObjectId(id);
    u.setForceUpdate(true);
    u.disableRefLog();
    RefUpdate.Result r = u.update();
    if (r != RefUpdate.Result.NEW
        && r != RefUpdate.Result.FORCED
        && r != RefUpdate.Result.NO_CHANGE
        && r != RefUpdate.Result.FAST_FORWARD) {
      throw new IOException("update " + name + ": " + r);
    }
  }

  private PersonIdent person() {
    Instant when = EPOCH.plusSeconds(60L * tick++);
    return new PersonIdent(
        "Test Author", "author@example.org", when, TimeZone.getTimeZone(ZoneOffset.UTC).toZoneId());
  }

  /** One commit being built on a branch. */
  public final class Commit {
    private final String branch;
    private final Map<String, Entry> tree;
    private final Map<String, String[]> submodules = new LinkedHashMap<>();

    private Commit(String branch) {
      this.branch = branch;
      this.tree = new TreeMap<>(branchTrees.getOrDefault(branch, Map.of()));
    }

    public Commit file(String path, String text) throws IOException {
      return put(path, FileMode.REGULAR_FILE, text.getBytes(StandardCharsets.UTF_8));
    }

    public Commit file(String path, byte[] bytes) throws IOException {
      return put(path, FileMode.REGULAR_FILE, bytes);
    }

    public Commit executable(String path, String text) throws IOException {
      return put(path, FileMode.EXECUTABLE_FILE, text.getBytes(StandardCharsets.UTF_8));
    }

    public Commit symlink(String path, String target) throws IOException {
      return put(path, FileMode.SYMLINK, target.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds a gitlink at {@code path} and its {@code .gitmodules} section with {@code url}. */
    public Commit submodule(String path, String url, CommitId commit) {
      tree.put(path, new Entry(FileMode.GITLINK, ObjectId.fromString(commit.hex())));
      submodules.put(path, new String[] {url});
      return this;
    }

    public Commit delete(String path) {
      tree.remove(path);
      return this;
    }

    /** Writes the commit, moves the branch to it and returns its id. */
    public CommitId commit(String message) throws IOException {
      try (ObjectInserter ins = repo.newObjectInserter()) {
        if (!submodules.isEmpty()) {
          StringBuilder gm = new StringBuilder();
          for (var e : submodules.entrySet()) {
            gm.append("[submodule \"")
                .append(e.getKey())
                .append("\"]\n\tpath = ")
                .append(e.getKey())
                .append("\n\turl = ")
                .append(e.getValue()[0])
                .append('\n');
          }
          byte[] bytes = gm.toString().getBytes(StandardCharsets.UTF_8);
          tree.put(
              ".gitmodules",
              new Entry(FileMode.REGULAR_FILE, ins.insert(Constants.OBJ_BLOB, bytes)));
        }
        DirCache index = DirCache.newInCore();
        DirCacheBuilder b = index.builder();
        for (var e : tree.entrySet()) {
          DirCacheEntry entry = new DirCacheEntry(e.getKey());
          entry.setFileMode(e.getValue().mode());
          entry.setObjectId(e.getValue().id());
          b.add(entry);
        }
        b.finish();
        ObjectId treeId = index.writeTree(ins);
        CommitBuilder c = new CommitBuilder();
        c.setTreeId(treeId);
        ObjectId parent = branchTips.get(branch);
        if (parent != null) {
          c.setParentId(parent);
        }
        PersonIdent who = person();
        c.setAuthor(who);
        c.setCommitter(who);
        c.setMessage(message + "\n");
        ObjectId id = ins.insert(c);
        ins.flush();
        setRef("refs/heads/" + branch, id);
        branchTips.put(branch, id);
        branchTrees.put(branch, new TreeMap<>(tree));
        return new CommitId(id.name());
      }
    }

    private Commit put(String path, FileMode mode, byte[] bytes) throws IOException {
      try (ObjectInserter ins = repo.newObjectInserter()) {
        ObjectId id = ins.insert(Constants.OBJ_BLOB, bytes);
        ins.flush();
        tree.put(path, new Entry(mode, id));
      }
      return this;
    }
  }
}
