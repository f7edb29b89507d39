package dev.cratetrust.crates;

/**
 * One regular file of a published crate, with its path relative to the package root ({@code
 * src/lib.rs}, never {@code name-version/src/lib.rs}) and its exact bytes.
 *
 * <p>The path has already been checked to be a plain relative {@code /}-separated path with no
 * {@code .} or {@code ..} components.
 */
public record CrateFile(String path, byte[] content, boolean executable) {
  public CrateFile {
    if (path == null || path.isEmpty()) {
      throw new IllegalArgumentException("crate file path is empty");
    }
  }

  public long size() {
    return content.length;
  }

  /** The git blob id of the content, as {@code git hash-object} prints it. */
  public BlobId blobId() {
    return BlobId.of(content);
  }
}
