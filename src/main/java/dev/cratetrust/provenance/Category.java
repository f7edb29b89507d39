package dev.cratetrust.provenance;

/**
 * The study's three provenance classes, ordered from best to worst.
 *
 * <p>Gold star means the crate names its commit, a release tag points at that commit, and every
 * file matches the repository. It does not prove the code is harmless, nor that the repository
 * itself is trustworthy.
 */
public enum Category {
  GOLD_STAR("gold-star"),
  NEEDS_IMPROVEMENT("needs-improvement"),
  LOOKS_SKETCHY("looks-sketchy");

  private final String code;

  Category(String code) {
    this.code = code;
  }

  /** The stable code used in JSON, the store and reports. */
  public String code() {
    return code;
  }

  public static Category fromCode(String code) {
    for (Category c : values()) {
      if (c.code.equals(code)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown category '" + code + "'");
  }

  /** The worse of two categories. */
  public Category worst(Category other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
