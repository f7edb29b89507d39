package dev.cratetrust.registry;

import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.PackageId;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * A registry index in the crates.io git format ({@code config.json} and one file of JSON lines per
 * crate at {@code 3/s/syn}-style paths), read in place from a local repository, as a history of
 * commits whose differences are the versions published, yanked or removed.
 *
 * <p>Nothing here checks that the index is the registry's real one or that its history was not
 * rewritten; a cursor that is no longer an ancestor of {@code HEAD} is reported as {@link
 * Pending#rewritten()}.
 */
public final class GitIndex implements AutoCloseable {
  /** Largest index file read; crates.io's largest is a few MiB. */
  public static final int MAX_FILE_BYTES = 64 * 1024 * 1024;

  private static final String PREFIX = "registry+";

  private final String spec;
  private final Repository repo;

  private GitIndex(String spec, Repository repo) {
    this.spec = spec;
    this.repo = repo;
  }

  /**
   * Opens {@code registry+file:///PATH} (a bare repository or a work tree); fails naming the spec
   * when it is not such a URL or no git repository is there.
   */
  public static GitIndex open(String spec) throws RegistryConfigException {
    String shown = InputText.printable(spec);
    if (!spec.startsWith(PREFIX + "file:")) {
      throw new RegistryConfigException(
          "git index '"
              + shown
              + "': expected registry+file:///PATH/TO/INDEX.git (a local clone of the index)");
    }
    Path dir;
    try {
      dir = Path.of(new URI(spec.substring(PREFIX.length())));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new RegistryConfigException("git index '" + shown + "': not a file URL: " + e);
    }
    File gitDir =
        Files.isDirectory(dir.resolve(".git")) ? dir.resolve(".git").toFile() : dir.toFile();
    if (!Files.isRegularFile(gitDir.toPath().resolve("HEAD"))) {
      throw new RegistryConfigException(
          "git index '" + shown + "': " + dir + " is not a git repository (no HEAD)");
    }
    try {
      Repository r = new FileRepositoryBuilder().setGitDir(gitDir).setMustExist(true).build();
      return new GitIndex(spec, r);
    } catch (IOException e) {
      throw new RegistryConfigException("git index '" + shown + "': cannot open: " + e);
    }
  }

  public String spec() {
    return spec;
  }

  /** One index commit to read, with the commit its changes are taken against (none: empty). */
  public record IndexCommit(CommitId id, Instant time, Optional<CommitId> base) {}

  /**
   * The commits after the cursor up to {@code HEAD}, oldest first; {@code rewritten} when the
   * cursor is not an ancestor of {@code HEAD} (the index history was squashed or replaced): then
   * one commit, {@code HEAD} against the cursor's tree when still present, else against nothing.
   */
  public record Pending(List<IndexCommit> commits, boolean rewritten) {}

  /** What is new after {@code cursor} (everything when empty). */
  public Pending pending(Optional<CommitId> cursor) throws RegistryUnavailableException {
    try (RevWalk walk = new RevWalk(repo)) {
      ObjectId headId = repo.resolve(Constants.HEAD);
      if (headId == null) {
        throw new RegistryUnavailableException(
            "read git index " + spec + ": HEAD names no commit (empty repository?)", -1);
      }
      RevCommit head = walk.parseCommit(headId);
      if (cursor.isEmpty()) {
        return new Pending(List.of(commit(head, Optional.empty())), false);
      }
      ObjectId stop = ObjectId.fromString(cursor.get().hex());
      List<IndexCommit> out = new ArrayList<>();
      RevCommit c = head;
      while (!c.equals(stop)) {
        if (c.getParentCount() == 0) {
          Optional<CommitId> base = exists(walk, stop) ? cursor : Optional.empty();
          return new Pending(List.of(commit(head, base)), true);
        }
        RevCommit parent = walk.parseCommit(c.getParent(0));
        out.add(commit(c, Optional.of(CommitId.of(parent.name()))));
        c = parent;
      }
      return new Pending(out.reversed(), false);
    } catch (IOException e) {
      throw new RegistryUnavailableException("read git index " + spec + ": " + e, e);
    }
  }

  private static boolean exists(RevWalk walk, ObjectId id) throws IOException {
    try {
      walk.parseCommit(id);
      return true;
    } catch (MissingObjectException e) {
      return false;
    }
  }

  private static IndexCommit commit(RevCommit c, Optional<CommitId> base) {
    return new IndexCommit(CommitId.of(c.name()), c.getCommitterIdent().getWhenAsInstant(), base);
  }

  /** Receives what one index commit changed. */
  public interface Changes {
    /** A version that was not in the base; {@code line} is 1-based. */
    void added(IndexEntry entry, String path, int line);

    /** A version whose yanked flag differs from the base's. */
    void yankChanged(IndexEntry entry, String path);

    /** A version in the base that is gone (its line or its whole file was removed). */
    void removed(PackageId id, String path);

    /** A line added by this commit that is not a valid index entry for its file. */
    void malformed(String path, int line, String reason);
  }

  /** Streams the changes of {@code commit} against its base to {@code sink}. */
  public void changes(IndexCommit commit, Changes sink) throws RegistryUnavailableException {
    try (RevWalk walk = new RevWalk(repo);
        ObjectReader reader = repo.newObjectReader();
        TreeWalk tw = new TreeWalk(reader)) {
      RevCommit to = walk.parseCommit(ObjectId.fromString(commit.id().hex()));
      AbstractTreeIterator base =
          commit.base().isEmpty()
              ? new EmptyTreeIterator()
              : new CanonicalTreeParser(
                  null,
                  reader,
                  walk.parseCommit(ObjectId.fromString(commit.base().get().hex())).getTree());
      tw.addTree(base);
      tw.addTree(new CanonicalTreeParser(null, reader, to.getTree()));
      tw.setRecursive(true);
      tw.setFilter(TreeFilter.ANY_DIFF);
      while (tw.next()) {
        String path = tw.getPathString();
        if (!isCrateFile(path)) {
          continue;
        }
        byte[] before = blob(reader, tw, 0, path, commit);
        byte[] after = blob(reader, tw, 1, path, commit);
        diffFile(path, before, after, sink);
      }
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "read git index " + spec + " at commit " + commit.id() + ": " + e, e);
    }
  }

  /** Index files sit two or three folders deep; {@code config.json} and dot-files are not. */
  private static boolean isCrateFile(String path) {
    return path.contains("/") && !path.startsWith(".") && !path.contains("/.");
  }

  private byte[] blob(ObjectReader reader, TreeWalk tw, int tree, String path, IndexCommit commit)
      throws IOException, RegistryUnavailableException {
    if (tw.getFileMode(tree) == FileMode.MISSING
        || (tw.getRawMode(tree) & FileMode.TYPE_MASK) != FileMode.TYPE_FILE) {
      return new byte[0];
    }
    var loader = reader.open(tw.getObjectId(tree));
    if (loader.getSize() > MAX_FILE_BYTES) {
      throw new RegistryUnavailableException(
          "read git index "
              + spec
              + " at commit "
              + commit.id()
              + ": file "
              + InputText.printable(path)
              + " has "
              + loader.getSize()
              + " bytes, over the limit of "
              + MAX_FILE_BYTES,
          -1);
    }
    return loader.getBytes();
  }

  /**
   * Compares one file's lines before and after: new lines are parsed; a new line whose version was
   * in the file before is a yank flip (or a rewrite of other fields, which is ignored).
   */
  static void diffFile(String path, byte[] before, byte[] after, Changes sink) {
    Set<String> oldLines = new HashSet<>(lines(before));
    List<String> newLines = lines(after);
    Set<String> newSet = new HashSet<>(newLines);
    String fileName = path.substring(path.lastIndexOf('/') + 1);
    List<IndexEntry> changed = new ArrayList<>();
    List<Integer> changedLine = new ArrayList<>();
    for (int i = 0; i < newLines.size(); i++) {
      String line = newLines.get(i);
      if (line.isBlank() || oldLines.contains(line)) {
        continue;
      }
      try {
        IndexEntry e = IndexEntry.parse(line);
        String expected = CrateIndex.indexPath(e.name());
        if (!e.name().lowercase().equals(fileName) || !expected.equals(path)) {
          sink.malformed(
              path,
              i + 1,
              "names crate '"
                  + InputText.printable(e.name().value())
                  + "', whose index file is "
                  + expected);
          continue;
        }
        changed.add(e);
        changedLine.add(i + 1);
      } catch (IllegalArgumentException e) {
        sink.malformed(path, i + 1, InputText.printable(e.getMessage()));
      }
    }
    Map<String, Boolean> oldYanked = new HashMap<>();
    Map<String, PackageId> oldIds = new HashMap<>();
    for (String line : oldLines) {
      if (line.isBlank() || newSet.contains(line)) {
        continue;
      }
      try {
        IndexEntry e = IndexEntry.parse(line);
        oldYanked.put(e.vers().value(), e.yanked());
        oldIds.put(e.vers().value(), e.id());
      } catch (IllegalArgumentException e) {
        // reported when it was added
      }
    }
    Set<String> stillThere = new HashSet<>();
    for (int i = 0; i < changed.size(); i++) {
      IndexEntry e = changed.get(i);
      String vers = e.vers().value();
      Boolean was = oldYanked.get(vers);
      if (was == null) {
        sink.added(e, path, changedLine.get(i));
      } else {
        stillThere.add(vers);
        if (was != e.yanked()) {
          sink.yankChanged(e, path);
        }
      }
    }
    for (Map.Entry<String, PackageId> old : oldIds.entrySet()) {
      if (!stillThere.contains(old.getKey())) {
        sink.removed(old.getValue(), path);
      }
    }
  }

  private static List<String> lines(byte[] file) {
    if (file.length == 0) {
      return List.of();
    }
    return List.of(new String(file, StandardCharsets.UTF_8).split("\n", -1));
  }

  @Override
  public void close() {
    repo.close();
  }
}
