package dev.cratetrust.trust;

import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.crates.InputText;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Cargo version requirement ({@code ^1.2}, {@code >= 0.14.10, < 0.15}, {@code 1.*}, {@code
 * =1.0.0}) as the Rust {@code semver} crate parses it.
 *
 * <p>Two readings are offered: {@link #matches} is Cargo's dependency resolution (a pre-release
 * only matches a comparator naming the same {@code major.minor.patch} with a pre-release), and
 * {@link #contains} is the interval reading RustSec uses for advisories (each comparator becomes a
 * range of SemVer precedence, as in the OSV export, so pre-releases inside the range count).
 */
public record VersionReq(String text, List<Comparator> comparators) {
  public static final int MAX_LENGTH = 1000;
  private static final Pattern COMPARATOR =
      Pattern.compile(
          "(=|>=|>|<=|<|~|\\^)?\\s*"
              + "(\\d+)(?:\\.(\\d+|[*xX]))?(?:\\.(\\d+|[*xX]))?"
              + "(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?"
              + "(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?");

  /** How a comparator compares. */
  public enum Op {
    EXACT,
    GREATER,
    GREATER_EQ,
    LESS,
    LESS_EQ,
    TILDE,
    CARET,
    WILDCARD
  }

  /** One comma-separated part of a requirement; absent minor or patch means "any". */
  public record Comparator(
      Op op,
      BigInteger major,
      Optional<BigInteger> minor,
      Optional<BigInteger> patch,
      String pre) {}

  public VersionReq {
    comparators = List.copyOf(comparators);
  }

  /** Parses {@code text}; throws {@link IllegalArgumentException} naming it and the problem. */
  public static VersionReq parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("invalid version requirement '<null>'");
    }
    if (text.length() > MAX_LENGTH) {
      throw problem(text, "longer than " + MAX_LENGTH + " characters");
    }
    String t = text.strip();
    List<Comparator> out = new ArrayList<>();
    if (t.equals("*") || t.equals("x") || t.equals("X")) {
      return new VersionReq(text, out);
    }
    if (t.isEmpty()) {
      throw problem(text, "empty");
    }
    for (String part : t.split(",", -1)) {
      out.add(comparator(text, part.strip()));
    }
    return new VersionReq(text, out);
  }

  private static Comparator comparator(String text, String part) {
    if (part.isEmpty()) {
      throw problem(text, "empty comparator");
    }
    Matcher m = COMPARATOR.matcher(part);
    if (!m.matches()) {
      throw problem(text, "'" + InputText.printable(part) + "' is not a comparator");
    }
    String opText = m.group(1);
    String minorText = m.group(3);
    String patchText = m.group(4);
    String pre = m.group(5) == null ? "" : m.group(5);
    boolean minorWild = minorText != null && isWild(minorText);
    boolean patchWild = patchText != null && isWild(patchText);
    if (minorWild && patchText != null && !patchWild) {
      throw problem(text, "'" + InputText.printable(part) + "': a number after a wildcard");
    }
    Optional<BigInteger> minor =
        minorText == null || minorWild ? Optional.empty() : Optional.of(number(text, minorText));
    Optional<BigInteger> patch =
        patchText == null || patchWild ? Optional.empty() : Optional.of(number(text, patchText));
    if (!pre.isEmpty() && patch.isEmpty()) {
      throw problem(text, "'" + InputText.printable(part) + "': pre-release needs a full version");
    }
    Op op;
    if (minorWild || patchWild) {
      if (opText != null && !opText.equals("=")) {
        throw problem(text, "'" + InputText.printable(part) + "': wildcard after an operator");
      }
      op = Op.WILDCARD;
    } else {
      op =
          switch (opText == null ? "^" : opText) {
            case "=" -> Op.EXACT;
            case ">" -> Op.GREATER;
            case ">=" -> Op.GREATER_EQ;
            case "<" -> Op.LESS;
            case "<=" -> Op.LESS_EQ;
            case "~" -> Op.TILDE;
            default -> Op.CARET;
          };
    }
    return new Comparator(op, number(text, m.group(2)), minor, patch, pre);
  }

  private static boolean isWild(String s) {
    return s.equals("*") || s.equals("x") || s.equals("X");
  }

  private static BigInteger number(String text, String digits) {
    if (digits.length() > 1 && digits.startsWith("0")) {
      throw problem(text, "number '" + digits + "' has a leading zero");
    }
    if (digits.length() > 20) {
      throw problem(text, "number '" + digits + "' is too large");
    }
    return new BigInteger(digits);
  }

  private static IllegalArgumentException problem(String text, String why) {
    return new IllegalArgumentException(
        "invalid version requirement '" + InputText.printable(text) + "': " + why);
  }

  /** Cargo's reading: true when a dependency with this requirement may resolve to {@code v}. */
  public boolean matches(CrateVersion v) {
    for (Comparator c : comparators) {
      if (!matchesComparator(c, v)) {
        return false;
      }
    }
    if (!v.isPreRelease()) {
      return true;
    }
    for (Comparator c : comparators) {
      if (c.major.equals(v.major())
          && c.minor.equals(Optional.of(v.minor()))
          && c.patch.equals(Optional.of(v.patch()))
          && !c.pre.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /**
   * RustSec's reading: true when {@code v} lies in the SemVer-precedence interval of every
   * comparator (build metadata ignored).
   */
  public boolean contains(CrateVersion v) {
    CrateVersion plain = v.withoutBuild();
    for (Comparator c : comparators) {
      Interval r = interval(c);
      if (r.lower != null) {
        int cmp = plain.compareTo(r.lower);
        if (cmp < 0 || (cmp == 0 && !r.lowerInclusive)) {
          return false;
        }
      }
      if (r.upper != null) {
        int cmp = plain.compareTo(r.upper);
        if (cmp > 0 || (cmp == 0 && !r.upperInclusive)) {
          return false;
        }
      }
    }
    return true;
  }

  private record Interval(
      CrateVersion lower, boolean lowerInclusive, CrateVersion upper, boolean upperInclusive) {}

  private static Interval interval(Comparator c) {
    BigInteger one = BigInteger.ONE;
    BigInteger minor = c.minor.orElse(BigInteger.ZERO);
    BigInteger patch = c.patch.orElse(BigInteger.ZERO);
    CrateVersion base = version(c.major, minor, patch, c.pre);
    CrateVersion nextMajor = version(c.major.add(one), BigInteger.ZERO, BigInteger.ZERO, "0");
    CrateVersion nextMinor = version(c.major, minor.add(one), BigInteger.ZERO, "0");
    CrateVersion nextPatch = version(c.major, minor, patch.add(one), "0");
    CrateVersion partialEnd = c.minor.isEmpty() ? nextMajor : c.patch.isEmpty() ? nextMinor : null;
    return switch (c.op) {
      case EXACT, WILDCARD ->
          partialEnd == null
              ? new Interval(base, true, base, true)
              : new Interval(base, true, partialEnd, false);
      case GREATER ->
          partialEnd == null
              ? new Interval(base, false, null, false)
              : new Interval(withoutPre(partialEnd), true, null, false);
      case GREATER_EQ -> new Interval(base, true, null, false);
      case LESS -> new Interval(null, false, base, false);
      case LESS_EQ ->
          partialEnd == null
              ? new Interval(null, false, base, true)
              : new Interval(null, false, partialEnd, false);
      case TILDE -> new Interval(base, true, c.minor.isEmpty() ? nextMajor : nextMinor, false);
      case CARET -> {
        CrateVersion end;
        if (c.major.signum() > 0 || c.minor.isEmpty()) {
          end = nextMajor;
        } else if (minor.signum() > 0 || c.patch.isEmpty()) {
          end = nextMinor;
        } else {
          end = nextPatch;
        }
        yield new Interval(base, true, end, false);
      }
    };
  }

  private static CrateVersion withoutPre(CrateVersion v) {
    return version(v.major(), v.minor(), v.patch(), "");
  }

  private static CrateVersion version(
      BigInteger major, BigInteger minor, BigInteger patch, String pre) {
    return new CrateVersion(major + "." + minor + "." + patch + (pre.isEmpty() ? "" : "-" + pre));
  }

  private static boolean matchesComparator(Comparator c, CrateVersion v) {
    return switch (c.op) {
      case EXACT, WILDCARD -> matchesExact(c, v);
      case GREATER -> matchesGreater(c, v);
      case GREATER_EQ -> matchesExact(c, v) || matchesGreater(c, v);
      case LESS -> matchesLess(c, v);
      case LESS_EQ -> matchesExact(c, v) || matchesLess(c, v);
      case TILDE -> matchesTilde(c, v);
      case CARET -> matchesCaret(c, v);
    };
  }

  private static boolean matchesExact(Comparator c, CrateVersion v) {
    if (!v.major().equals(c.major)) {
      return false;
    }
    if (c.minor.isPresent() && !v.minor().equals(c.minor.get())) {
      return false;
    }
    if (c.patch.isPresent() && !v.patch().equals(c.patch.get())) {
      return false;
    }
    return c.op == Op.WILDCARD || c.patch.isEmpty() || v.preRelease().equals(c.pre);
  }

  private static boolean matchesGreater(Comparator c, CrateVersion v) {
    int major = v.major().compareTo(c.major);
    if (major != 0) {
      return major > 0;
    }
    if (c.minor.isEmpty()) {
      return false;
    }
    int minor = v.minor().compareTo(c.minor.get());
    if (minor != 0) {
      return minor > 0;
    }
    if (c.patch.isEmpty()) {
      return false;
    }
    int patch = v.patch().compareTo(c.patch.get());
    if (patch != 0) {
      return patch > 0;
    }
    return comparePre(v.preRelease(), c.pre) > 0;
  }

  private static boolean matchesLess(Comparator c, CrateVersion v) {
    int major = v.major().compareTo(c.major);
    if (major != 0) {
      return major < 0;
    }
    if (c.minor.isEmpty()) {
      return false;
    }
    int minor = v.minor().compareTo(c.minor.get());
    if (minor != 0) {
      return minor < 0;
    }
    if (c.patch.isEmpty()) {
      return false;
    }
    int patch = v.patch().compareTo(c.patch.get());
    if (patch != 0) {
      return patch < 0;
    }
    return comparePre(v.preRelease(), c.pre) < 0;
  }

  private static boolean matchesTilde(Comparator c, CrateVersion v) {
    if (!v.major().equals(c.major)) {
      return false;
    }
    if (c.minor.isPresent() && !v.minor().equals(c.minor.get())) {
      return false;
    }
    if (c.patch.isPresent() && !v.patch().equals(c.patch.get())) {
      return v.patch().compareTo(c.patch.get()) > 0;
    }
    return comparePre(v.preRelease(), c.pre) >= 0;
  }

  private static boolean matchesCaret(Comparator c, CrateVersion v) {
    if (!v.major().equals(c.major)) {
      return false;
    }
    if (c.minor.isEmpty()) {
      return true;
    }
    BigInteger minor = c.minor.get();
    if (c.patch.isEmpty()) {
      return c.major.signum() > 0 ? v.minor().compareTo(minor) >= 0 : v.minor().equals(minor);
    }
    BigInteger patch = c.patch.get();
    if (c.major.signum() > 0) {
      if (!v.minor().equals(minor)) {
        return v.minor().compareTo(minor) > 0;
      } else if (!v.patch().equals(patch)) {
        return v.patch().compareTo(patch) > 0;
      }
    } else if (minor.signum() > 0) {
      if (!v.minor().equals(minor)) {
        return false;
      } else if (!v.patch().equals(patch)) {
        return v.patch().compareTo(patch) > 0;
      }
    } else if (!v.minor().equals(minor) || !v.patch().equals(patch)) {
      return false;
    }
    return comparePre(v.preRelease(), c.pre) >= 0;
  }

  /** Pre-release precedence where the empty string (a release) is highest. */
  private static int comparePre(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    if (a.isEmpty()) {
      return 1;
    }
    if (b.isEmpty()) {
      return -1;
    }
    return new CrateVersion("0.0.0-" + a).compareTo(new CrateVersion("0.0.0-" + b));
  }

  @Override
  public String toString() {
    return text;
  }
}
