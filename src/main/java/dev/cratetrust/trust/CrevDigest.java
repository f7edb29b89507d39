package dev.cratetrust.trust;

import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.CrateFile;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * crev's recursive digest of an unpacked crate (BLAKE2b-256; a file is {@code H("F" || content)}, a
 * folder {@code H("D" || H(name) || digest ...)} over entries sorted by name bytes), which crev
 * reviews name in {@code package.digest}; {@code .cargo-ok} is ignored as cargo-crev does.
 *
 * <p>Equal digests mean the reviewed files are these files; the digest does not say whether they
 * match the repository.
 */
public final class CrevDigest {
  private static final Set<String> IGNORED = Set.of(".cargo-ok");

  private CrevDigest() {}

  /** The base64url (no padding) digest crev would record for {@code contents}. */
  public static String of(CrateContents contents) {
    Dir root = new Dir();
    for (CrateFile f : contents.files()) {
      String[] parts = f.path().split("/");
      if (parts.length == 1 && IGNORED.contains(parts[0])) {
        continue;
      }
      Dir d = root;
      for (int i = 0; i < parts.length - 1; i++) {
        d = d.dirs.computeIfAbsent(parts[i], k -> new Dir());
      }
      d.files.put(parts[parts.length - 1], f.content());
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(root.digest());
  }

  private static final class Dir {
    final Map<String, Dir> dirs = new TreeMap<>();
    final Map<String, byte[]> files = new TreeMap<>();

    byte[] digest() {
      Map<byte[], byte[]> entries = new TreeMap<>(Arrays::compareUnsigned);
      dirs.forEach((name, d) -> entries.put(bytes(name), d.digest()));
      files.forEach(
          (name, content) -> entries.put(bytes(name), Blake2b.digest256(bytes("F"), content)));
      Blake2b h = new Blake2b(32);
      h.update(bytes("D"), 0, 1);
      for (Map.Entry<byte[], byte[]> e : entries.entrySet()) {
        byte[] nameHash = Blake2b.digest256(e.getKey());
        h.update(nameHash, 0, nameHash.length);
        h.update(e.getValue(), 0, e.getValue().length);
      }
      return h.finish();
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
