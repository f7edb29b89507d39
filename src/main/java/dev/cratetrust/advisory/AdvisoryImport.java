package dev.cratetrust.advisory;

import dev.cratetrust.trust.Advisory;
import dev.cratetrust.trust.SourceProblem;
import java.util.List;
import java.util.Optional;

/**
 * The advisories read from one advisory database copy, with the files that could not be read.
 *
 * @param location the directory or URL read
 * @param revision the git commit of the copy, when it was a git repository
 */
public record AdvisoryImport(
    String location,
    Optional<String> revision,
    List<Entry> advisories,
    List<SourceProblem> problems) {

  /** One advisory with the file it came from and that file's exact text. */
  public record Entry(String path, String text, Advisory advisory) {}

  public AdvisoryImport {
    advisories = List.copyOf(advisories);
    problems = List.copyOf(problems);
  }
}
