package dev.cratetrust.crates;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic version as published on crates.io ({@code 1.2.3}, {@code 1.0.0-beta.2}, {@code
 * 0.4.45+curl-7.78.0}).
 *
 * <p>Ordering follows SemVer 2.0 precedence; build metadata is ignored for ordering but kept for
 * equality, as crates.io treats {@code 1.0.0+a} and {@code 1.0.0+b} as distinct uploads.
 */
public record CrateVersion(String value) implements Comparable<CrateVersion> {
  public static final int MAX_LENGTH = 150;
  private static final Pattern SEMVER =
      Pattern.compile(
          "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
              + "(?:-((?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*)"
              + "(?:\\.(?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*))*))?"
              + "(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?");

  public CrateVersion {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("invalid version '': empty");
    }
    if (value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "invalid version '"
              + InputText.printable(value)
              + "': longer than "
              + MAX_LENGTH
              + " characters");
    }
    if (!SEMVER.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "invalid version '" + InputText.printable(value) + "': not a semantic version");
    }
  }

  public static CrateVersion of(String value) {
    return new CrateVersion(value);
  }

  /** True when {@code value} parses as a version. */
  public static boolean isValid(String value) {
    return value != null && value.length() <= MAX_LENGTH && SEMVER.matcher(value).matches();
  }

  private Matcher parts() {
    Matcher m = SEMVER.matcher(value);
    if (!m.matches()) {
      throw new IllegalStateException(value);
    }
    return m;
  }

  public BigInteger major() {
    return new BigInteger(parts().group(1));
  }

  public BigInteger minor() {
    return new BigInteger(parts().group(2));
  }

  public BigInteger patch() {
    return new BigInteger(parts().group(3));
  }

  /** The pre-release part without the dash, or empty. */
  public String preRelease() {
    String p = parts().group(4);
    return p == null ? "" : p;
  }

  /** The build metadata without the plus, or empty. */
  public String build() {
    String b = parts().group(5);
    return b == null ? "" : b;
  }

  public boolean isPreRelease() {
    return !preRelease().isEmpty();
  }

  /**
   * This version with build metadata dropped ({@code 0.4.45+curl-7.78.0} becomes {@code 0.4.45}).
   */
  public CrateVersion withoutBuild() {
    int plus = value.indexOf('+');
    return plus < 0 ? this : new CrateVersion(value.substring(0, plus));
  }

  @Override
  public int compareTo(CrateVersion o) {
    Matcher a = parts();
    Matcher b = o.parts();
    for (int g = 1; g <= 3; g++) {
      int c = new BigInteger(a.group(g)).compareTo(new BigInteger(b.group(g)));
      if (c != 0) {
        return c;
      }
    }
    String pa = a.group(4);
    String pb = b.group(4);
    if (pa == null || pb == null) {
      int c = pa == null ? (pb == null ? 0 : 1) : -1;
      return c != 0 ? c : build().compareTo(o.build());
    }
    List<String> ia = List.of(pa.split("\\."));
    List<String> ib = List.of(pb.split("\\."));
    for (int i = 0; i < Math.min(ia.size(), ib.size()); i++) {
      int c = compareIdentifier(ia.get(i), ib.get(i));
      if (c != 0) {
        return c;
      }
    }
    int c = Integer.compare(ia.size(), ib.size());
    return c != 0 ? c : build().compareTo(o.build());
  }

  private static int compareIdentifier(String x, String y) {
    boolean nx = x.chars().allMatch(Character::isDigit);
    boolean ny = y.chars().allMatch(Character::isDigit);
    if (nx && ny) {
      return new BigInteger(x).compareTo(new BigInteger(y));
    }
    if (nx != ny) {
      return nx ? -1 : 1;
    }
    return x.compareTo(y);
  }

  /** Numeric identifiers of the release part, for tag patterns like {@code v0/22/3}. */
  public List<String> releaseNumbers() {
    Matcher m = parts();
    List<String> out = new ArrayList<>(3);
    out.add(m.group(1));
    out.add(m.group(2));
    out.add(m.group(3));
    return out;
  }

  @Override
  public String toString() {
    return value;
  }
}
