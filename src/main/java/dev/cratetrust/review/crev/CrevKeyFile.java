package dev.cratetrust.review.crev;

import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.trust.TrustInputException;
import java.io.IOException;
import java.io.Serial;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

/**
 * The ed25519 key that signs exported crev proofs, kept in a PKCS#8 PEM file ({@code -----BEGIN
 * PRIVATE KEY-----}, as written by {@code openssl genpkey -algorithm ed25519}) readable by its
 * owner only.
 *
 * <p>It is not cargo-crev's own passphrase-protected id file: a proof signed with this key is
 * accepted by crev readers, but the key is a new crev identity unless the user imports the same
 * secret into cargo-crev.
 */
public final class CrevKeyFile {
  public static final int MAX_BYTES = 16 * 1024;
  private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String END = "-----END PRIVATE KEY-----";
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  /**
   * A signing key with its public half and crev id.
   *
   * @param id the CrevID: base64url (no padding) of the 32-byte public key
   */
  public record CrevKey(PrivateKey privateKey, PublicKey publicKey, String id) {}

  private CrevKeyFile() {}

  /**
   * Creates {@code file} (mode 0600, never overwriting) holding a new random key.
   *
   * @throws TrustInputException the file already exists or its folder does not
   * @throws UnavailableException writing failed
   */
  public static CrevKey generate(Path file) throws TrustInputException, UnavailableException {
    KeyPair pair;
    try {
      pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK always provides Ed25519", e);
    }
    String b64 =
        Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pair.getPrivate().getEncoded());
    String pem = BEGIN + "\n" + b64 + "\n" + END + "\n";
    String name = InputText.printable(file.toString());
    try {
      if (Files.getFileStore(parentOf(file))
          .supportsFileAttributeView(PosixFileAttributeView.class)) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Files.setPosixFilePermissions(file, OWNER_ONLY);
      } else {
        Files.createFile(file);
      }
      Files.writeString(file, pem, StandardCharsets.US_ASCII);
    } catch (FileAlreadyExistsException e) {
      throw new TrustInputException(
          "create crev key " + name + ": the file already exists; not overwritten");
    } catch (java.nio.file.NoSuchFileException e) {
      throw new TrustInputException("create crev key " + name + ": its folder does not exist");
    } catch (IOException e) {
      throw new UnavailableException("create crev key " + name + ": " + e, e);
    }
    return read(file);
  }

  private static Path parentOf(Path file) throws java.nio.file.NoSuchFileException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new java.nio.file.NoSuchFileException(String.valueOf(parent));
    }
    return parent;
  }

  /**
   * Reads a key file.
   *
   * @throws TrustInputException not a regular file, readable by group or others, too large, not a
   *     PKCS#8 PEM, or not an Ed25519 key
   */
  public static CrevKey read(Path file) throws TrustInputException {
    String name = InputText.printable(file.toString());
    byte[] der;
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        throw bad(name, "not a regular file");
      }
      if (Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          != null) {
        Set<PosixFilePermission> perms =
            Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        if (!OWNER_ONLY.containsAll(perms)) {
          throw bad(
              name,
              "readable or writable by others (mode "
                  + PosixFilePermissions.toString(perms)
                  + "); run chmod 600 on it");
        }
      }
      if (Files.size(file) > MAX_BYTES) {
        throw bad(name, "larger than " + MAX_BYTES + " bytes");
      }
      String text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).strip();
      if (!text.startsWith(BEGIN) || !text.endsWith(END)) {
        throw bad(name, "not a PKCS#8 PEM private key (" + BEGIN + " ... " + END + ")");
      }
      String body = text.substring(BEGIN.length(), text.length() - END.length());
      try {
        der = Base64.getDecoder().decode(body.replaceAll("\\s", ""));
      } catch (IllegalArgumentException e) {
        throw bad(name, "the PEM body is not base64: " + e.getMessage());
      }
    } catch (IOException e) {
      throw new TrustInputException("read crev key " + name + ": " + e, e);
    }
    byte[] seed;
    try {
      PrivateKey k =
          KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
      seed =
          ((EdECPrivateKey) k)
              .getBytes()
              .orElseThrow(() -> new GeneralSecurityException("no private key bytes"));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw bad(name, "not an Ed25519 private key (" + e.getMessage() + ")");
    }
    return fromSeed(seed);
  }

  /** The key pair whose private key is the 32-byte {@code seed}. */
  static CrevKey fromSeed(byte[] seed) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
      g.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
      KeyPair pair = g.generateKeyPair();
      byte[] derived = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
      byte[] probe = "cratetrust crev key check".getBytes(StandardCharsets.US_ASCII);
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(pair.getPrivate());
      s.update(probe);
      byte[] sig = s.sign();
      s.initVerify(pair.getPublic());
      s.update(probe);
      if (!Arrays.equals(derived, seed) || !s.verify(sig)) {
        throw new IllegalStateException("deriving the ed25519 public key from its seed failed");
      }
      byte[] pub = pair.getPublic().getEncoded();
      String id =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(Arrays.copyOfRange(pub, pub.length - 32, pub.length));
      return new CrevKey(pair.getPrivate(), pair.getPublic(), id);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK always provides Ed25519", e);
    }
  }

  private static TrustInputException bad(String name, String why) {
    return new TrustInputException("read crev key " + name + ": " + why);
  }

  /** Hands the key generator the seed as its "random" private key bytes. */
  private static final class FixedBytes extends SecureRandom {
    @Serial private static final long serialVersionUID = 1L;
    private final byte[] bytes;

    FixedBytes(byte[] bytes) {
      this.bytes = bytes.clone();
    }

    @Override
    public void nextBytes(byte[] out) {
      if (out.length != bytes.length) {
        throw new IllegalStateException("expected a request for " + bytes.length + " bytes");
      }
      System.arraycopy(bytes, 0, out, 0, out.length);
    }
  }
}
