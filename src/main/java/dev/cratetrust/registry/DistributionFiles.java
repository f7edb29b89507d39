package dev.cratetrust.registry;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A distribution's own folder inside an unpacked crate directory (Debian's {@code debian/}, with
 * {@code patches/series}): the packager's addition, not a file of the published crate.
 *
 * <p>Recognising the layout proves nothing about the crate; it only keeps the packager's files out
 * of the comparison with the repository and lists them.
 *
 * @param layout the distribution, {@code debian}
 * @param folder the folder's path in the crate directory, {@code debian}
 * @param files every regular file under {@code folder}, by path relative to the crate directory
 */
public record DistributionFiles(String layout, String folder, Map<String, byte[]> files) {
  public static final String DEBIAN = "debian";

  /** Debian's quilt series, relative to the crate directory. */
  public static final String DEBIAN_SERIES = "debian/patches/series";

  public DistributionFiles {
    files = Collections.unmodifiableMap(new TreeMap<>(files));
  }

  /** The paths of {@link #files()}, sorted. */
  public List<String> paths() {
    return List.copyOf(files.keySet());
  }
}
