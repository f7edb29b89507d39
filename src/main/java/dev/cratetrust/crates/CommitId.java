package dev.cratetrust.crates;

import java.util.Locale;

/** A git commit id: 40 hex digits (SHA-1) or 64 (SHA-256), stored in lower case. */
public record CommitId(String hex) {
  public CommitId {
    if (!isValid(hex)) {
      throw new IllegalArgumentException(
          "invalid commit id '" + InputText.printable(hex) + "': expected 40 or 64 hex digits");
    }
    hex = hex.toLowerCase(Locale.ROOT);
  }

  public static CommitId of(String hex) {
    return new CommitId(hex);
  }

  public static boolean isValid(String hex) {
    if (hex == null || (hex.length() != 40 && hex.length() != 64)) {
      return false;
    }
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return true;
  }

  /** The first 12 digits, for display. */
  public String abbreviated() {
    return hex.substring(0, 12);
  }

  @Override
  public String toString() {
    return hex;
  }
}
