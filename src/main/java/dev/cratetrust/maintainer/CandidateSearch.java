package dev.cratetrust.maintainer;

import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.CrateFile;
import dev.cratetrust.provenance.ReleaseTagPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Finds the commit a crate most likely came from when it records none (or one the repository does
 * not have): a tag naming its version, else the commit whose package folder holds the most of the
 * crate's files byte for byte.
 *
 * <p>A candidate is a guess: matching files do not show that the crate was packaged from that
 * commit, only that the commit has that content.
 */
public final class CandidateSearch {
  /** Commits looked at for the best match, newest first. */
  static final int MAX_COMMITS = 5000;

  /** Files cargo writes itself, never compared. */
  private static final Set<String> GENERATED =
      Set.of("Cargo.toml", ".cargo_vcs_info.json", "Cargo.lock", ".cargo-checksum.json");

  /**
   * A guessed commit.
   *
   * @param tag the release tag that named it, when found by tag
   * @param matching how many of the crate's compared files have the same content there
   * @param compared how many files were compared
   */
  public record Candidate(CommitId commit, Optional<String> tag, int matching, int compared) {}

  private CandidateSearch() {}

  /** Searches the repository with a work tree at {@code workTree}; empty when it has no commit. */
  public static Optional<Candidate> search(Path workTree, CrateContents crate, String folder)
      throws IOException {
    Map<String, String> wanted = comparable(crate);
    try (Repository repo =
            new FileRepositoryBuilder().setWorkTree(workTree.toFile()).setMustExist(true).build();
        RevWalk walk = new RevWalk(repo);
        ObjectReader reader = repo.newObjectReader()) {
      ReleaseTagPolicy policy =
          new ReleaseTagPolicy(crate.id().name(), crate.id().version(), folder);
      for (Ref tag : repo.getRefDatabase().getRefsByPrefix(Constants.R_TAGS)) {
        String name = tag.getName().substring(Constants.R_TAGS.length());
        if (policy.judge(name, List.of(), false).accepted()) {
          RevCommit c = walk.parseCommit(tag.getObjectId());
          int score = score(reader, c, folder, wanted);
          return Optional.of(
              new Candidate(new CommitId(c.name()), Optional.of(name), score, wanted.size()));
        }
      }
      for (Ref ref : repo.getRefDatabase().getRefs()) {
        ObjectId id = ref.getPeeledObjectId() != null ? ref.getPeeledObjectId() : ref.getObjectId();
        if (id == null) {
          continue;
        }
        try {
          walk.markStart(walk.parseCommit(id));
        } catch (org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
          // a tag of a tree or blob names no commit
        }
      }
      RevCommit best = null;
      int bestScore = -1;
      int seen = 0;
      for (RevCommit c : walk) {
        int score = score(reader, c, folder, wanted);
        if (score > bestScore) {
          best = c;
          bestScore = score;
        }
        if (++seen >= MAX_COMMITS || bestScore == wanted.size()) {
          break;
        }
      }
      return best == null
          ? Optional.empty()
          : Optional.of(
              new Candidate(new CommitId(best.name()), Optional.empty(), bestScore, wanted.size()));
    }
  }

  /** The crate's files by their path in the package folder, as blob ids. */
  static Map<String, String> comparable(CrateContents crate) {
    Map<String, String> out = new HashMap<>();
    for (CrateFile f : crate.files()) {
      if (f.path().equals("Cargo.toml.orig")) {
        out.put("Cargo.toml", f.blobId().hex());
      } else if (!GENERATED.contains(f.path())) {
        out.put(f.path(), f.blobId().hex());
      }
    }
    return out;
  }

  private static int score(
      ObjectReader reader, RevCommit c, String folder, Map<String, String> wanted)
      throws IOException {
    ObjectId tree = c.getTree();
    if (!folder.isEmpty()) {
      try (TreeWalk sub = TreeWalk.forPath(reader, folder, tree)) {
        if (sub == null || !sub.getFileMode(0).equals(FileMode.TREE)) {
          return 0;
        }
        tree = sub.getObjectId(0);
      }
    }
    int n = 0;
    try (TreeWalk w = new TreeWalk(reader)) {
      w.addTree(tree);
      w.setRecursive(true);
      while (w.next()) {
        String blob = wanted.get(w.getPathString());
        if (blob != null && blob.equals(w.getObjectId(0).name())) {
          n++;
        }
      }
    }
    return n;
  }
}
