package dev.cratetrust.web;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.crates.Parsers;
import dev.cratetrust.trust.Advisory;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a crate's badge states: one fact as a short message and colour, and an accessible title that
 * names the crate version, the evidence and its date. A RustSec advisory that applies to the
 * version replaces the verdict on the message ({@code flagged RUSTSEC-...}); the title keeps both.
 * The badge restates what the store holds; it does not re-check the crate, and "gold star" means
 * the published files matched the repository, not that the code is harmless.
 *
 * @param version the version the badge is about; empty when the store knows no version of the crate
 * @param verdict true when a stored verdict (or a failed verification) backs the message, false for
 *     "not checked"
 */
public record Badge(
    CrateName crate,
    Optional<CrateVersion> version,
    String message,
    Colour colour,
    String title,
    boolean verdict) {

  /** The label every badge of this site carries. */
  public static final String LABEL = "cratetrust";

  /** shields.io's named colours this site uses, with their hex values in the flat style. */
  public enum Colour {
    BRIGHTGREEN("brightgreen", "#4c1"),
    YELLOW("yellow", "#dfb317"),
    ORANGE("orange", "#fe7d37"),
    RED("red", "#e05d44"),
    LIGHTGREY("lightgrey", "#9f9f9f");

    private final String shieldsName;
    private final String hex;

    Colour(String shieldsName, String hex) {
      this.shieldsName = shieldsName;
      this.hex = hex;
    }

    public String shieldsName() {
      return shieldsName;
    }

    public String hex() {
      return hex;
    }
  }

  /** An advisory about the crate that applies to the badge's version, with when it was read. */
  public record Flag(String id, boolean vulnerability, Instant readAt) {
    static Flag of(Advisory a, Instant readAt) {
      return new Flag(a.id(), a.isVulnerability() || a.isMalicious(), readAt);
    }
  }

  /** The badge of a crate (or crate version) the store knows nothing about. */
  public static Badge notChecked(CrateName crate, Optional<CrateVersion> version) {
    String what = crate.value() + version.map(v -> " " + v.value()).orElse("");
    return new Badge(
        crate,
        version,
        "not checked",
        Colour.LIGHTGREY,
        LABEL + ": not checked, " + what + ": no verification stored",
        false);
  }

  /**
   * The badge of {@code version}: its verdict class as the CLI spells it ({@code gold-star}, {@code
   * needs-improvement}, {@code looks-sketchy}, {@code could-not-verify}, or {@code not-checked})
   * reached at {@code at}, unless {@code flags} (advisories that apply to it) is not empty.
   */
  public static Badge of(
      CrateName crate,
      CrateVersion version,
      String verdictClass,
      Optional<Instant> at,
      List<Flag> flags) {
    String what = crate.value() + " " + version.value();
    String verdictWords =
        switch (verdictClass) {
          case "gold-star" -> "gold star";
          case "needs-improvement" -> "needs improvement";
          case "looks-sketchy" -> "looks sketchy";
          case "could-not-verify" -> "could not verify";
          case "not-checked" -> "not checked";
          default -> verdictClass.replace('-', ' ');
        };
    String evidence =
        switch (verdictClass) {
          case "not-checked" -> "no verification stored";
          case "could-not-verify" -> "verification failed" + date(at);
          default -> "files compared with the repository" + date(at);
        };
    boolean backed = !verdictClass.equals("not-checked");
    if (!flags.isEmpty()) {
      Flag first = flags.getFirst();
      String message =
          "flagged " + first.id() + (flags.size() > 1 ? " +" + (flags.size() - 1) : "");
      boolean red = flags.stream().anyMatch(Flag::vulnerability);
      String ids = String.join(", ", flags.stream().map(Flag::id).toList());
      Instant read = flags.stream().map(Flag::readAt).max(Instant::compareTo).orElseThrow();
      return new Badge(
          crate,
          Optional.of(version),
          message,
          red ? Colour.RED : Colour.ORANGE,
          LABEL
              + ": "
              + message
              + ", "
              + what
              + ": RustSec advisory "
              + ids
              + " applies (advisories read "
              + day(read)
              + "); source check: "
              + verdictWords
              + ", "
              + evidence,
          true);
    }
    Colour colour =
        switch (verdictClass) {
          case "gold-star" -> Colour.BRIGHTGREEN;
          case "needs-improvement" -> Colour.YELLOW;
          case "looks-sketchy" -> Colour.ORANGE;
          default -> Colour.LIGHTGREY;
        };
    return new Badge(
        crate,
        Optional.of(version),
        verdictWords,
        colour,
        LABEL + ": " + verdictWords + ", " + what + ": " + evidence,
        backed);
  }

  /** The badge as an SVG image in shields' flat style. */
  public String svg() {
    return BadgeSvg.render(LABEL, message, colour.hex(), title);
  }

  /**
   * The badge in shields.io's endpoint format ({@code schemaVersion}, {@code label}, {@code
   * message}, {@code color}, {@code cacheSeconds}), for restyling through {@code
   * https://img.shields.io/endpoint?url=...}.
   */
  public ObjectNode endpointJson(int cacheSeconds) {
    ObjectNode o = Parsers.json().createObjectNode();
    o.put("schemaVersion", 1);
    o.put("label", LABEL);
    o.put("message", message);
    o.put("color", colour.shieldsName());
    o.put("cacheSeconds", cacheSeconds);
    return o;
  }

  private static String date(Optional<Instant> at) {
    return at.map(a -> " on " + day(a)).orElse("");
  }

  private static LocalDate day(Instant at) {
    return at.atOffset(ZoneOffset.UTC).toLocalDate();
  }
}
