package dev.cratetrust.crates;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The files of one crate version as published, read from a {@code .crate} archive or an unpacked
 * directory, with where they came from.
 *
 * @param id the name and version the archive claims (from its folder name or manifest)
 * @param files every regular file, in archive order, paths unique
 * @param origin where the bytes were read, for reports ("crates.io", a file path, a directory)
 * @param archiveSha256 SHA-256 of the {@code .crate} bytes, or empty for a directory
 */
public record CrateContents(
    PackageId id, List<CrateFile> files, String origin, Optional<String> archiveSha256) {

  public CrateContents {
    files = List.copyOf(files);
    Map<String, CrateFile> seen = new LinkedHashMap<>();
    for (CrateFile f : files) {
      if (seen.put(f.path(), f) != null) {
        throw new IllegalArgumentException(
            "crate " + id + ": duplicate file '" + InputText.printable(f.path()) + "'");
      }
    }
  }

  public Optional<CrateFile> file(String path) {
    for (CrateFile f : files) {
      if (f.path().equals(path)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** Files by path, in archive order. */
  public Map<String, CrateFile> byPath() {
    Map<String, CrateFile> m = new LinkedHashMap<>();
    for (CrateFile f : files) {
      m.put(f.path(), f);
    }
    return Collections.unmodifiableMap(m);
  }

  public long totalBytes() {
    long n = 0;
    for (CrateFile f : files) {
      n += f.size();
    }
    return n;
  }
}
