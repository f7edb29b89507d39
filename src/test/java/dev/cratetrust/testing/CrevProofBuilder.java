package dev.cratetrust.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;

/** Builds signed crev proofs with a fresh ed25519 key, for tests of the proof reader and WoT. */
public final class CrevProofBuilder {
  private final KeyPair keys;
  private final String id;

  public CrevProofBuilder() {
    try {
      keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    byte[] spki = keys.getPublic().getEncoded();
    id = Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOfRange(spki, 12, 44));
  }

  /** The CrevID (base64url public key) of this builder's key. */
  public String id() {
    return id;
  }

  /** A signed current-format proof around {@code body} (which should end with a newline). */
  public String sign(String body) {
    return "----- BEGIN CREV PROOF -----\n"
        + body
        + "----- SIGN CREV PROOF -----\n"
        + signature(body)
        + "\n----- END CREV PROOF -----\n";
  }

  public String signature(String body) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(keys.getPrivate());
      s.update(body.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The YAML body of a trust proof from this key to {@code others} at {@code level}. */
  public String trustBody(String date, String level, String... others) {
    StringBuilder b =
        new StringBuilder("kind: trust\nversion: -1\ndate: \"" + date + "\"\n" + from() + "ids:\n");
    for (String o : others) {
      b.append("  - id-type: crev\n    id: ").append(o).append('\n');
    }
    return b.append("trust: ").append(level).append('\n').toString();
  }

  /** The YAML body of a package review of {@code name@version} with {@code rating}. */
  public String reviewBody(String name, String version, String rating) {
    return "kind: package review\nversion: -1\ndate: \"2024-01-01T00:00:00Z\"\n"
        + from()
        + "package:\n  source: \"https://crates.io\"\n  name: "
        + name
        + "\n  version: "
        + version
        + "\n  digest: AAAA\nreview:\n  thoroughness: low\n  understanding: medium\n  rating: "
        + rating
        + "\n";
  }

  private String from() {
    return "from:\n  id-type: crev\n  id: " + id + "\n  url: \"https://example.org/proofs\"\n";
  }
}
