package dev.cratetrust.provenance;

import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.provenance.RepositorySnapshot.TreeEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds where a crate path lives in one commit of a repository: through symlinks (relative, inside
 * the repository), into submodules, and for the readme or license file that cargo copies into the
 * package root from outside the package folder. Shared by the provenance check and the diff.
 *
 * <p>Submodules, decided once for both: a path whose resolution (directly, or after following
 * symlinks) reaches a submodule entry with path components left is {@link Resolved.InSubmodule}; a
 * path that ends on the submodule entry itself is not a file and is {@link Resolved.Missing}. A
 * component that is a file while components remain is {@link Resolved.Missing}, as on a file
 * system. The diff lists every {@link Resolved.InSubmodule} file as not compared. The provenance
 * check fetches the submodule and compares the file, whether the path crosses the submodule
 * directly or through a symlink ({@link Resolved.InSubmodule#throughSymlink()}; followed since
 * checker version 3). Resolution proves only that the commit's tree has such an entry, not what
 * cargo read when it packaged the crate.
 */
public final class PackagePaths {
  /** Symlinks followed before a path counts as missing (loops, long chains). */
  static final int MAX_SYMLINK_HOPS = 16;

  private static final int MAX_LINK_BYTES = 4096;

  private final RepositorySnapshot repo;
  private final CommitId commit;
  private Map<String, TreeEntry> root;

  /** Resolves paths in the tree of {@code commit}, reading that tree once, on first use. */
  public PackagePaths(RepositorySnapshot repo, CommitId commit) {
    this.repo = repo;
    this.commit = commit;
  }

  /** Where a path leads. */
  public sealed interface Resolved {
    /**
     * A file (or executable) entry, at {@code path} from the root; {@code throughSymlink} when a
     * symlink was followed on the way.
     */
    record File(TreeEntry entry, String path, boolean throughSymlink) implements Resolved {}

    /**
     * A path inside the submodule whose entry is {@code gitlink} at {@code modulePath}; {@code
     * inside} is the rest of the path, relative to the submodule's root.
     */
    record InSubmodule(String modulePath, TreeEntry gitlink, String inside, boolean throughSymlink)
        implements Resolved {}

    /** Nothing readable: absent, a loop, a link out of the repository or an absolute link. */
    record Missing() implements Resolved {}
  }

  /** Every entry of the commit's tree by path from the repository root. */
  public Map<String, TreeEntry> rootTree() throws UnavailableException {
    if (root == null) {
      Map<String, TreeEntry> m = new HashMap<>();
      for (TreeEntry e : repo.tree(commit, "")) {
        m.put(e.path(), e);
      }
      root = m;
    }
    return root;
  }

  /** Follows {@code rootPath} component by component, through symlinks, from the root. */
  public Resolved resolve(String rootPath) throws UnavailableException {
    Map<String, TreeEntry> tree = rootTree();
    Deque<String> pending = new ArrayDeque<>(List.of(rootPath.split("/")));
    List<String> resolved = new ArrayList<>();
    int hops = 0;
    while (!pending.isEmpty()) {
      String part = pending.removeFirst();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (resolved.isEmpty()) {
          return new Resolved.Missing();
        }
        resolved.removeLast();
        continue;
      }
      resolved.add(part);
      String here = String.join("/", resolved);
      TreeEntry e = tree.get(here);
      if (e == null) {
        continue;
      }
      switch (e.mode()) {
        case SYMLINK -> {
          if (++hops > MAX_SYMLINK_HOPS) {
            return new Resolved.Missing();
          }
          Optional<byte[]> link = repo.blob(e.blobId(), MAX_LINK_BYTES);
          if (link.isEmpty()) {
            return new Resolved.Missing();
          }
          String target = new String(link.get(), StandardCharsets.UTF_8);
          if (target.startsWith("/")) {
            return new Resolved.Missing();
          }
          resolved.removeLast();
          List<String> parts = List.of(target.split("/"));
          for (int i = parts.size() - 1; i >= 0; i--) {
            pending.addFirst(parts.get(i));
          }
        }
        case GITLINK -> {
          if (pending.isEmpty()) {
            return new Resolved.Missing();
          }
          if (!pending.contains("..")) {
            return new Resolved.InSubmodule(here, e, String.join("/", pending), hops > 0);
          }
          // "module/../x" leaves the submodule again: keep walking in this repository.
        }
        case FILE, EXECUTABLE -> {
          return pending.isEmpty() ? new Resolved.File(e, here, hops > 0) : new Resolved.Missing();
        }
      }
    }
    return new Resolved.Missing();
  }

  /** The resolved file entry at {@code rootPath}, or empty when it is not a file. */
  public Optional<TreeEntry> file(String rootPath) throws UnavailableException {
    return resolve(rootPath) instanceof Resolved.File f ? Optional.of(f.entry()) : Optional.empty();
  }

  /**
   * Paths from the repository root where the file {@code path} of the package root may come from
   * outside the package folder {@code folder}: each declared readme or license file with a folder
   * part (such as {@code ../README.md}) whose file name is {@code path}, in the order given, when
   * it stays inside the repository.
   */
  public static List<String> outsideCandidates(List<String> declared, String folder, String path) {
    List<String> out = new ArrayList<>();
    for (String d : declared) {
      String rel = d.replace('\\', '/');
      if (!rel.contains("/") || !rel.substring(rel.lastIndexOf('/') + 1).equals(path)) {
        continue;
      }
      normalizeJoin(folder, rel).ifPresent(out::add);
    }
    return out;
  }

  /** {@code folder/path}, or {@code path} when the folder is empty or null. */
  public static String join(String folder, String path) {
    return folder == null || folder.isEmpty() ? path : folder + "/" + path;
  }

  /** Joins and resolves {@code ..}; empty when the result would leave the repository root. */
  public static Optional<String> normalizeJoin(String folder, String rel) {
    List<String> parts = new ArrayList<>();
    for (String p : join(folder, rel).split("/")) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        if (parts.isEmpty()) {
          return Optional.empty();
        }
        parts.removeLast();
      } else {
        parts.add(p);
      }
    }
    return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("/", parts));
  }
}
