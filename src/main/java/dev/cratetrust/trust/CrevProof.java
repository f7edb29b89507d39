package dev.cratetrust.trust;

import java.util.List;
import java.util.Optional;

/**
 * A cargo-crev proof whose ed25519 signature verified against its author's CrevID: either a package
 * review or a trust statement. {@code text} is the proof exactly as published (body and signature).
 *
 * <p>A valid signature proves the holder of the author's key wrote the proof; it does not prove the
 * author is trustworthy or that the review is thorough.
 */
public sealed interface CrevProof permits CrevProof.PackageReview, CrevProof.Trust {
  String authorId();

  String date();

  String text();

  /** Trust levels of crev, lowest first. */
  enum Level {
    DISTRUST("distrust"),
    NONE("none"),
    LOW("low"),
    MEDIUM("medium"),
    HIGH("high");

    private final String code;

    Level(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    public static Optional<Level> ofCode(String code) {
      for (Level l : values()) {
        if (l.code.equals(code)) {
          return Optional.of(l);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * A review of one crate version; {@code diffBase} is set for a differential review.
   *
   * @param digest the crev recursive blake2b digest of the unpacked crate, base64url
   */
  record PackageReview(
      String authorId,
      String date,
      String source,
      String crate,
      String version,
      Optional<String> digest,
      Optional<String> diffBase,
      Optional<String> thoroughness,
      Optional<String> understanding,
      Optional<String> rating,
      List<String> advisoryIds,
      String comment,
      String text)
      implements CrevProof {
    public PackageReview {
      advisoryIds = List.copyOf(advisoryIds);
    }
  }

  /** A statement that the author trusts (or distrusts) other CrevIDs at a level. */
  record Trust(String authorId, String date, List<String> ids, Level level, String text)
      implements CrevProof {
    public Trust {
      ids = List.copyOf(ids);
    }
  }
}
