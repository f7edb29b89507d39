package dev.cratetrust.review.crev;

import dev.cratetrust.trust.OwnReview;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes reviews as signed crev package-review proofs in the current envelope, signing the exact
 * body bytes with the user's ed25519 key, so {@code cargo crev} and {@link CrevProofReader} accept
 * them.
 *
 * <p>The proof binds the review to the crate's crev digest; it does not compute that digest.
 */
public final class CrevProofWriter {
  private static final Set<String> LEVELS = Set.of("none", "low", "medium", "high");
  private static final Set<String> RATINGS =
      Set.of("dangerous", "negative", "neutral", "positive", "strong");
  private final PrivateKey key;
  private final String authorId;
  private final String authorUrl;

  /**
   * @param key the ed25519 private key of {@code authorId}
   * @param authorId the CrevID (base64url public key) matching {@code key}
   * @param authorUrl the URL of the author's proof repository
   */
  public CrevProofWriter(PrivateKey key, String authorId, String authorUrl) {
    this.key = key;
    this.authorId = authorId;
    this.authorUrl = authorUrl;
  }

  /** Signed proofs for {@code reviews}, concatenated as crev stores them in one file. */
  public String write(List<OwnReview> reviews) {
    StringBuilder b = new StringBuilder();
    for (OwnReview r : reviews) {
      b.append(sign(body(r)));
    }
    return b.toString();
  }

  String body(OwnReview r) {
    String digest =
        r.crevDigest()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "export review of " + r.crate() + " " + r.version() + ": no crev digest"));
    check("thoroughness", r.thoroughness(), LEVELS, r);
    check("understanding", r.understanding(), LEVELS, r);
    check("rating", r.rating(), RATINGS, r);
    StringBuilder b = new StringBuilder();
    b.append("kind: package review\nversion: -1\n");
    b.append("date: ")
        .append(
            quote(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(r.date().atOffset(ZoneOffset.UTC))))
        .append('\n');
    b.append("from:\n  id-type: crev\n  id: ").append(authorId).append('\n');
    b.append("  url: ").append(quote(authorUrl)).append('\n');
    b.append("package:\n  source: \"https://crates.io\"\n");
    b.append("  name: ").append(r.crate().value()).append('\n');
    b.append("  version: ").append(quote(r.version().value())).append('\n');
    b.append("  digest: ").append(digest).append('\n');
    if (r.deltaFrom().isPresent()) {
      b.append("package-diff-base:\n  source: \"https://crates.io\"\n");
      b.append("  name: ").append(r.crate().value()).append('\n');
      b.append("  version: ").append(quote(r.deltaFrom().get().value())).append('\n');
    }
    b.append("review:\n");
    b.append("  thoroughness: ").append(r.thoroughness()).append('\n');
    b.append("  understanding: ").append(r.understanding()).append('\n');
    b.append("  rating: ").append(r.rating()).append('\n');
    if (!r.notes().isBlank()) {
      b.append("comment: ").append(quote(r.notes())).append('\n');
    }
    return b.toString();
  }

  private static void check(String field, String value, Set<String> allowed, OwnReview r) {
    if (!allowed.contains(value.toLowerCase(Locale.ROOT))
        || !value.equals(value.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "export review of "
              + r.crate()
              + " "
              + r.version()
              + ": "
              + field
              + " '"
              + value
              + "' is not one of "
              + allowed);
    }
  }

  private String sign(String body) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(key);
      s.update(body.getBytes(StandardCharsets.UTF_8));
      String sig = Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());
      return "----- BEGIN CREV PROOF -----\n"
          + body
          + "----- SIGN CREV PROOF -----\n"
          + sig
          + "\n----- END CREV PROOF -----\n\n";
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("sign crev proof with an ed25519 key: " + e.getMessage(), e);
    }
  }

  /** A YAML double-quoted scalar (JSON escaping is valid YAML). */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || c == '\u0085') {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
