package dev.cratetrust.provenance;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Renders the unified diff shown for a file that differs, within a size cap. A diff shows what
 * changed between two byte sequences as text; it does not say which side is right.
 */
final class DiffRenderer {
  /** Files larger than this get no diff by default. */
  static final long DEFAULT_MAX_BYTES = 256 * 1024;

  private final long maxBytes;

  DiffRenderer(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Either side larger than this gets no diff. */
  long maxBytes() {
    return maxBytes;
  }

  /**
   * The diff from the repository's {@code repositoryPath} (or {@code /dev/null}) to the crate's
   * {@code cratePath}, labelled {@code repository/...} and {@code crate/...}.
   */
  Optional<String> repositoryToCrate(
      String repositoryPath, String cratePath, byte[] before, byte[] after) {
    return unified(
        repositoryPath.equals("/dev/null") ? repositoryPath : "repository/" + repositoryPath,
        "crate/" + cratePath,
        before,
        after);
  }

  /**
   * A unified diff with three lines of context; empty when either side is over the cap, {@code
   * Binary files differ} when either side is not UTF-8 text or contains a NUL byte.
   */
  Optional<String> unified(String fromLabel, String toLabel, byte[] before, byte[] after) {
    if (before.length > maxBytes || after.length > maxBytes) {
      return Optional.empty();
    }
    Optional<String> a = text(before);
    Optional<String> b = text(after);
    if (a.isEmpty() || b.isEmpty()) {
      return Optional.of("Binary files differ");
    }
    List<String> left = a.get().lines().toList();
    List<String> right = b.get().lines().toList();
    return Optional.of(
        String.join(
            "\n",
            UnifiedDiffUtils.generateUnifiedDiff(
                fromLabel, toLabel, left, DiffUtils.diff(left, right), 3)));
  }

  /** The bytes as text when they are valid UTF-8 without NUL bytes. */
  static Optional<String> text(byte[] bytes) {
    for (byte b : bytes) {
      if (b == 0) {
        return Optional.empty();
      }
    }
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
