package dev.cratetrust.registry;

/**
 * Size and count caps applied while streaming a {@code .crate} archive.
 *
 * @param maxCompressedBytes cap on the raw (gzip) bytes read from the source
 * @param maxUnpackedBytes cap on the decompressed tar stream, counted byte by byte, never taken
 *     from header sizes
 * @param maxEntries cap on tar entries of any type, including long-name and PAX headers
 * @param maxPathBytes cap on the UTF-8 length of one entry path
 * @param maxComponentBytes cap on the UTF-8 length of one path component
 */
public record ArchiveLimits(
    long maxCompressedBytes,
    long maxUnpackedBytes,
    int maxEntries,
    int maxPathBytes,
    int maxComponentBytes) {
  public static final long DEFAULT_MAX_COMPRESSED = 10L * 1024 * 1024;
  public static final long UNPACKED_FLOOR = 512L * 1024 * 1024;
  public static final int UNPACK_RATIO = 20;

  public ArchiveLimits {
    if (maxCompressedBytes <= 0
        || maxUnpackedBytes <= 0
        || maxEntries <= 0
        || maxPathBytes <= 0
        || maxComponentBytes <= 0) {
      throw new IllegalArgumentException("archive limits must be positive");
    }
  }

  /**
   * 10 MiB compressed (crates.io's default upload cap), 512 MiB unpacked, 100 000 entries, 4096
   * path bytes, 255 component bytes.
   */
  public static ArchiveLimits defaults() {
    return ArchiveLimits.forCompressedSize(DEFAULT_MAX_COMPRESSED);
  }

  /**
   * Defaults with another compressed cap; the unpacked cap becomes max(512 MiB, 20 x compressed),
   * as cargo's {@code max_unpack_size}.
   */
  public static ArchiveLimits forCompressedSize(long maxCompressedBytes) {
    return new ArchiveLimits(
        maxCompressedBytes,
        Math.max(UNPACKED_FLOOR, UNPACK_RATIO * maxCompressedBytes),
        100_000,
        4096,
        255);
  }

  public ArchiveLimits withMaxUnpackedBytes(long bytes) {
    return new ArchiveLimits(
        maxCompressedBytes, bytes, maxEntries, maxPathBytes, maxComponentBytes);
  }

  public ArchiveLimits withMaxEntries(int entries) {
    return new ArchiveLimits(
        maxCompressedBytes, maxUnpackedBytes, entries, maxPathBytes, maxComponentBytes);
  }

  public ArchiveLimits withMaxCompressedBytes(long bytes) {
    return new ArchiveLimits(bytes, maxUnpackedBytes, maxEntries, maxPathBytes, maxComponentBytes);
  }
}
