package dev.cratetrust.verify;

import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.CrateFile;
import dev.cratetrust.registry.VendorChecksums;
import dev.cratetrust.store.VerificationRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The SHA-256 a stored result is keyed by: the {@code .crate}'s own SHA-256; for a folder the
 * {@code package} checksum of its {@code .cargo-checksum.json}; else the folder's content digest.
 *
 * <p>The content digest is the SHA-256 of {@code sha256sum}-style lines ({@code <hex sha256 of the
 * file> <two spaces> <path>\n}), one per file read from the folder ({@code .cargo-checksum.json}
 * and {@code .cargo-ok} excluded), sorted by the UTF-8 bytes of the path. It identifies the files'
 * names and bytes, not their modes. A {@code package} checksum names the {@code .crate} the folder
 * was unpacked from; it does not prove the files were not edited since (the verification reports
 * edits the checksum file reveals).
 */
public final class ResultChecksums {
  private ResultChecksums() {}

  /** The key checksum of {@code contents} read with {@code checksums}. */
  public static String of(CrateContents contents, Optional<VendorChecksums> checksums) {
    return contents
        .archiveSha256()
        .or(() -> checksums.flatMap(VendorChecksums::packageSha256))
        .filter(s -> s.matches("[0-9a-f]{64}"))
        .orElseGet(() -> contentDigest(contents.files()));
  }

  /**
   * {@code repository} as stored in a result key: as given when it fits the column, else its
   * SHA-256 prefixed with {@code sha256:}.
   */
  public static String overrideKey(String repository) {
    if (repository.length() <= VerificationRecord.MAX_OVERRIDE) {
      return repository;
    }
    return "sha256:"
        + HexFormat.of().formatHex(sha256().digest(repository.getBytes(StandardCharsets.UTF_8)));
  }

  /** The content digest of {@code files} (see the class comment). */
  public static String contentDigest(List<CrateFile> files) {
    List<CrateFile> sorted = new ArrayList<>(files);
    sorted.sort(
        (a, b) ->
            Arrays.compareUnsigned(
                a.path().getBytes(StandardCharsets.UTF_8),
                b.path().getBytes(StandardCharsets.UTF_8)));
    MessageDigest all = sha256();
    for (CrateFile f : sorted) {
      String line = HexFormat.of().formatHex(sha256().digest(f.content())) + "  " + f.path() + "\n";
      all.update(line.getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(all.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
