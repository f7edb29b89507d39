package dev.cratetrust.crates;

import java.util.Locale;

/**
 * A crate name as crates.io accepts it: 1 to 64 ASCII letters, digits, {@code -} or {@code _},
 * starting with a letter.
 *
 * <p>Equality is exact; {@link #canonical()} gives the form crates.io uses to decide that two names
 * collide ({@code foo-bar} and {@code Foo_Bar} are the same crate).
 */
public record CrateName(String value) implements Comparable<CrateName> {
  public static final int MAX_LENGTH = 64;

  public CrateName {
    String problem = problem(value);
    if (problem != null) {
      throw new IllegalArgumentException(
          "invalid crate name '" + InputText.printable(value) + "': " + problem);
    }
  }

  public static CrateName of(String value) {
    return new CrateName(value);
  }

  /** Returns null when {@code value} is a valid crate name, else why it is not. */
  public static String problem(String value) {
    if (value == null || value.isEmpty()) {
      return "empty";
    }
    if (value.length() > MAX_LENGTH) {
      return "longer than " + MAX_LENGTH + " characters";
    }
    char first = value.charAt(0);
    if (!isAsciiLetter(first)) {
      return "must start with an ASCII letter";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!(isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
        return "character '" + InputText.printable(String.valueOf(c)) + "' is not allowed";
      }
    }
    return null;
  }

  /** Lower case with {@code -} folded to {@code _}: names equal here are one crate on crates.io. */
  public String canonical() {
    return value.toLowerCase(Locale.ROOT).replace('-', '_');
  }

  /** Lower case, as the sparse index and download URLs use it. */
  public String lowercase() {
    return value.toLowerCase(Locale.ROOT);
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  @Override
  public int compareTo(CrateName o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
