package dev.cratetrust.registry;

/**
 * Caps applied while reading an unpacked crate directory.
 *
 * @param maxFiles cap on regular files read
 * @param maxTotalBytes cap on the sum of file sizes
 * @param maxPathBytes cap on the UTF-8 length of one relative path
 */
public record DirectoryLimits(int maxFiles, long maxTotalBytes, int maxPathBytes) {
  public DirectoryLimits {
    if (maxFiles <= 0 || maxTotalBytes <= 0 || maxPathBytes <= 0) {
      throw new IllegalArgumentException("directory limits must be positive");
    }
  }

  /** 100 000 files, 512 MiB, 4096 path bytes: the same caps as for archives. */
  public static DirectoryLimits defaults() {
    return new DirectoryLimits(100_000, ArchiveLimits.UNPACKED_FLOOR, 4096);
  }
}
