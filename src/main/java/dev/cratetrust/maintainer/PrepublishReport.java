package dev.cratetrust.maintainer;

import dev.cratetrust.provenance.Category;
import java.util.List;
import java.util.Optional;

/**
 * What {@link Prepublish} predicts for publishing a package from its work tree.
 *
 * @param pathInVcs the package folder relative to the repository root ("" at the root)
 * @param remoteUrl the remote's URL as configured
 * @param effectiveRemoteUrl the same after git's {@code url.<base>.insteadOf} rewriting
 * @param head the commit checked out
 * @param branch the branch checked out, empty for a detached HEAD
 * @param releaseTag the release tag at HEAD, when there is one
 * @param packaged the files {@code cargo package --list} names
 * @param notes what was not checked and why
 * @param full whether the package was built and verified ({@code --full})
 */
public record PrepublishReport(
    String name,
    String version,
    String workTree,
    String pathInVcs,
    String remote,
    String remoteUrl,
    String effectiveRemoteUrl,
    String head,
    Optional<String> branch,
    Optional<String> releaseTag,
    List<String> packaged,
    List<PrepublishProblem> problems,
    List<String> notes,
    boolean full) {

  public PrepublishReport {
    packaged = List.copyOf(packaged);
    problems = List.copyOf(problems);
    notes = List.copyOf(notes);
  }

  /** The class a publish now would get: the worst class among the problems. */
  public Category predicted() {
    Category c = Category.GOLD_STAR;
    for (PrepublishProblem p : problems) {
      if (p.category().isPresent()) {
        c = c.worst(p.category().get());
      }
    }
    return c;
  }
}
