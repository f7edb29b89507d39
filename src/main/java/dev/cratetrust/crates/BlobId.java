package dev.cratetrust.crates;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.eclipse.jgit.util.sha1.SHA1;

/**
 * A git blob object id: SHA-1 over {@code "blob <size>\0"} followed by the content.
 *
 * <p>Hashing uses JGit's SHA-1 with collision detection, so content crafted to collide with another
 * blob (SHAttered style) is rejected with {@link org.eclipse.jgit.util.sha1.Sha1CollisionException}
 * instead of matching. Equal ids prove equal bytes only to the strength of SHA-1.
 */
public record BlobId(String hex) {
  public BlobId {
    if (hex == null || hex.length() != 40 || !hex.chars().allMatch(BlobId::isLowerHex)) {
      throw new IllegalArgumentException(
          "invalid blob id '" + InputText.printable(hex) + "': expected 40 lower-case hex digits");
    }
  }

  public static BlobId of(byte[] content) {
    SHA1 sha = SHA1.newInstance();
    sha.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
    sha.update(content);
    return new BlobId(HexFormat.of().formatHex(sha.digest()));
  }

  private static boolean isLowerHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }

  @Override
  public String toString() {
    return hex;
  }
}
