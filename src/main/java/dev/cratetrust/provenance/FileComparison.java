package dev.cratetrust.provenance;

import dev.cratetrust.crates.BlobId;
import dev.cratetrust.crates.CrateFile;
import dev.cratetrust.crates.UnavailableException;
import java.util.Arrays;

/**
 * Byte-level comparisons of a crate file with repository content: equality up to CRLF line endings
 * and the study's search of the whole history for the file's blob. Equal bytes prove the content is
 * the same, not that it came from that place.
 */
final class FileComparison {
  private FileComparison() {}

  /** Whether {@code a} and {@code b} differ only in CRLF versus LF line endings (and do differ). */
  static boolean sameExceptLineEndings(byte[] a, byte[] b) {
    if (!containsCrLf(a) && !containsCrLf(b)) {
      return false;
    }
    return Arrays.equals(crlfToLf(a), crlfToLf(b));
  }

  static boolean containsCrLf(byte[] bytes) {
    for (int i = 0; i + 1 < bytes.length; i++) {
      if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
        return true;
      }
    }
    return false;
  }

  static byte[] crlfToLf(byte[] bytes) {
    byte[] out = new byte[bytes.length];
    int n = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n') {
        continue;
      }
      out[n++] = bytes[i];
    }
    return Arrays.copyOf(out, n);
  }

  /**
   * How many bytes of a repository file to read to compare it with {@code f}: enough for the diff
   * and for a CRLF version of the file.
   */
  static long readLimit(long maxDiffBytes, CrateFile f) {
    return Math.max(maxDiffBytes, f.size() * 2 + 16);
  }

  /**
   * Whether the file's blob, or its LF-only version when it has CRLF line endings, is anywhere in
   * the history of {@code repo}. May fetch the full history.
   */
  static boolean inHistory(RepositorySnapshot repo, CrateFile f) throws UnavailableException {
    if (repo.searchHistoryForBlob(f.blobId())) {
      return true;
    }
    return containsCrLf(f.content()) && repo.searchHistoryForBlob(BlobId.of(crlfToLf(f.content())));
  }
}
