package dev.cratetrust.distro;

import java.util.Map;

/**
 * A folder's quilt series with the files it was applied to, kept so the series can be undone again
 * with a better-informed {@link Placement} once more is known (the repository's manifest).
 *
 * @param folder the patches' folder in the crate folder, e.g. {@code debian/patches}
 * @param series the series file's bytes
 * @param patchFiles the patches by path relative to {@code folder}
 * @param files the folder's files by path (the patched state)
 */
public record PatchSeries(
    String folder, byte[] series, Map<String, byte[]> patchFiles, Map<String, byte[]> files) {
  public PatchSeries {
    patchFiles = Map.copyOf(patchFiles);
    files = Map.copyOf(files);
  }

  /** Undoes the series, placing context-free hunks with {@code placement}. */
  public PatchReversal.Result reverse(Placement placement) {
    return PatchReversal.reverse(folder, series, patchFiles, files, placement);
  }
}
