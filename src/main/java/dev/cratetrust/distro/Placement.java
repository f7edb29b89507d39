package dev.cratetrust.distro;

import java.util.function.BiPredicate;

/**
 * Judges where a context-free hunk (made with {@code diff -U0}: nothing to match when undone) is
 * placed, by the content it gives the file: lower cost is better. A hunk stays at its header's
 * position unless another position within {@link #window} lines costs strictly less.
 *
 * <p>A placement only ranks positions by what the caller can check; it cannot prove that the lines
 * were at the chosen position before the patch.
 */
public interface Placement {
  /** The cost of a content that must not be chosen. */
  long IMPLAUSIBLE = Long.MAX_VALUE;

  /** How far from its header's position a hunk of {@code path} may be moved; 0 keeps it there. */
  int window(String path);

  /** The cost of {@code content} as the file {@code path} before the patch. */
  long cost(String path, byte[] content);

  /** Why the chosen position was chosen, for the patch's result. */
  String reason();

  /** Every hunk at its header's position, as GNU {@code patch -R} places it. */
  static Placement atHeader() {
    return new Placement() {
      @Override
      public int window(String path) {
        return 0;
      }

      @Override
      public long cost(String path, byte[] content) {
        return 0;
      }

      @Override
      public String reason() {
        return "the header's position";
      }
    };
  }

  /**
   * At the header's position unless the file is implausible there, then the nearest position up to
   * {@code window} lines away that leaves it plausible.
   */
  static Placement plausible(BiPredicate<String, byte[]> plausible, int window) {
    return new Placement() {
      @Override
      public int window(String path) {
        return window;
      }

      @Override
      public long cost(String path, byte[] content) {
        return plausible.test(path, content) ? 0 : IMPLAUSIBLE;
      }

      @Override
      public String reason() {
        return "the nearest that leaves the file readable";
      }
    };
  }
}
