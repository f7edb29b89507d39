package dev.cratetrust.provenance;

import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.CrateFile;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.crates.VcsInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * The study's fallback when there is no commit to compare with: each crate file's content is
 * searched for in the whole history. A file found proves only that some commit holds that content,
 * not at which path or in which release.
 */
final class HistorySearch {
  private HistorySearch() {}

  /**
   * One result per crate file; files cargo writes itself are left unverified. Adds {@link
   * Reason#FILES_NOT_IN_REPOSITORY} to {@code findings} for files found nowhere.
   */
  static List<FileResult> blobAnywhere(
      RepositorySnapshot repo, CrateContents crate, boolean hasOrig, List<Finding> findings)
      throws UnavailableException {
    List<FileResult> out = new ArrayList<>();
    List<String> nowhere = new ArrayList<>();
    for (CrateFile f : crate.files()) {
      if (isCargoGenerated(f.path(), hasOrig)) {
        out.add(FileResult.unverified(f.path(), f.blobId().hex()));
        continue;
      }
      boolean found = FileComparison.inHistory(repo, f);
      if (!found) {
        nowhere.add(f.path());
      }
      out.add(FileResult.searchedInHistory(f.path(), f.blobId().hex(), found));
    }
    if (!nowhere.isEmpty()) {
      findings.add(
          new Finding(
              Reason.FILES_NOT_IN_REPOSITORY,
              nowhere.size() + " file(s) not in repository (content searched in all history)",
              nowhere));
    }
    return out;
  }

  private static boolean isCargoGenerated(String path, boolean hasOrig) {
    return path.equals(VcsInfo.FILE_NAME)
        || path.equals("Cargo.lock")
        || (path.equals("Cargo.toml") && hasOrig);
  }
}
