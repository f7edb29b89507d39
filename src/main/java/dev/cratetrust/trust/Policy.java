package dev.cratetrust.trust;

import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.crates.InputText;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What {@code cratetrust check} fails on, read from a {@code cratetrust.toml} policy file.
 *
 * <p>The default policy fails only on advisories that are not withdrawn and not informational; a
 * yanked version is reported but fails only with {@code deny-yanked} (cargo-deny and cargo-audit
 * also only warn by default: a yank is not a vulnerability, and a lockfile may pin one on purpose).
 * Unknown sections and fields are errors, so a typo cannot silently weaken a policy. Example:
 *
 * <pre>
 * [advisories]
 * deny-informational = ["unsound"]      # also fail on these informational kinds
 * ignore = ["RUSTSEC-2020-0019"]        # ids or aliases that never fail
 * [registry]
 * deny-yanked = true                    # fail on versions the registry index marks yanked
 * [provenance]
 * require = "gold-star"                 # any | not-sketchy | gold-star
 * [audits]
 * criteria = "safe-to-deploy"           # a cargo-vet criterion every crates.io package needs
 * sources = ["mozilla", "google"]       # names given at sync; empty = every stored source
 * [reviews]
 * crev-roots = ["FYlr8YoY..."]          # crev ids whose web of trust counts
 * require = "no-negative"               # none | no-negative | verified
 * [[exceptions]]
 * crate = "foo"                         # optional: version, rule, advisory
 * until = "2027-01-31"                  # inclusive, compared with the injected clock (UTC)
 * reason = "upgrade planned"
 * </pre>
 *
 * @param name where the policy came from ({@code default} or the file)
 * @param denyInformational informational kinds that fail like vulnerabilities
 * @param ignoredAdvisories advisory ids (or aliases) that never fail
 * @param denyYanked whether a version the registry index marks yanked fails
 * @param provenance the provenance a crates.io package needs
 * @param auditCriteria cargo-vet criteria each crates.io package needs, if any
 * @param auditSources names of the vet sources whose audits count; empty means every stored one
 * @param crevRoots crev ids whose web of trust weighs reviews
 * @param reviews what crev reviews from that web must say
 * @param exceptions failures excused until a date
 */
public record Policy(
    String name,
    Set<Advisory.Kind> denyInformational,
    List<String> ignoredAdvisories,
    boolean denyYanked,
    ProvenanceRequirement provenance,
    Optional<String> auditCriteria,
    List<String> auditSources,
    List<String> crevRoots,
    ReviewRequirement reviews,
    List<PolicyException> exceptions) {
  public static final int MAX_BYTES = 1024 * 1024;

  /** How much provenance a crates.io package needs. */
  public enum ProvenanceRequirement {
    /** Provenance is reported, never fails. */
    ANY("any"),
    /** Fails on {@code looks-sketchy} only; unknown passes. */
    NOT_SKETCHY("not-sketchy"),
    /** Fails unless the stored verdict is {@code gold-star}. */
    GOLD_STAR("gold-star");

    private final String code;

    ProvenanceRequirement(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /** What crev reviews from the reader's web of trust must say about a crates.io package. */
  public enum ReviewRequirement {
    /** Reviews are reported, never fail. */
    NONE("none"),
    /** Fails when a reviewer in the web rated the version negative or dangerous. */
    NO_NEGATIVE("no-negative"),
    /**
     * Fails unless crev would verify the version (and no reviewer in the web rated it negative).
     */
    VERIFIED("verified");

    private final String code;

    ReviewRequirement(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /** Which check a failure comes from. */
  public enum Rule {
    ADVISORY("advisory"),
    PROVENANCE("provenance"),
    AUDIT("audit"),
    REVIEW("review"),
    YANKED("yanked");

    private final String code;

    Rule(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /**
   * Excuses failures of one crate (optionally one version, one rule, one advisory) until a date,
   * inclusive.
   */
  public record PolicyException(
      String crate,
      Optional<CrateVersion> version,
      Optional<Rule> rule,
      Optional<String> advisory,
      LocalDate until,
      String reason) {}

  public Policy {
    denyInformational = Set.copyOf(denyInformational);
    ignoredAdvisories = List.copyOf(ignoredAdvisories);
    auditSources = List.copyOf(auditSources);
    crevRoots = List.copyOf(crevRoots);
    exceptions = List.copyOf(exceptions);
  }

  public static Policy defaults() {
    return new Policy(
        "default",
        Set.of(),
        List.of(),
        false,
        ProvenanceRequirement.ANY,
        Optional.empty(),
        List.of(),
        List.of(),
        ReviewRequirement.NONE,
        List.of());
  }

  /** Parses a policy file; {@code input} names it in errors. */
  public static Policy parse(String input, String text) throws TrustInputException {
    JsonNode root = TomlFields.parse(input, text, MAX_BYTES);
    for (String key : iterable(root)) {
      if (!List.of("advisories", "registry", "provenance", "audits", "reviews", "exceptions")
          .contains(key)) {
        throw bad(input, "unknown section '" + InputText.printable(key) + "'");
      }
    }
    Set<Advisory.Kind> deny = EnumSet.noneOf(Advisory.Kind.class);
    List<String> ignore = List.of();
    Optional<JsonNode> adv = TomlFields.table(input, root, "advisories");
    if (adv.isPresent()) {
      known(input, "advisories", adv.get(), "deny-informational", "ignore");
      for (String k : TomlFields.strings(input, adv.get(), "deny-informational")) {
        Advisory.Kind kind = Advisory.Kind.ofInformational(Optional.of(k));
        if (kind == Advisory.Kind.OTHER_INFORMATIONAL && !k.equals("informational")) {
          throw bad(
              input,
              "advisories.deny-informational: '"
                  + InputText.printable(k)
                  + "' is not unmaintained, unsound or notice");
        }
        deny.add(kind);
      }
      ignore = TomlFields.strings(input, adv.get(), "ignore");
    }
    boolean denyYanked = false;
    Optional<JsonNode> reg = TomlFields.table(input, root, "registry");
    if (reg.isPresent()) {
      known(input, "registry", reg.get(), "deny-yanked");
      JsonNode d = reg.get().get("deny-yanked");
      if (d != null) {
        if (!d.isBoolean()) {
          throw bad(input, "registry.deny-yanked is not true or false");
        }
        denyYanked = d.booleanValue();
      }
    }
    ProvenanceRequirement prov = ProvenanceRequirement.ANY;
    Optional<JsonNode> p = TomlFields.table(input, root, "provenance");
    if (p.isPresent()) {
      known(input, "provenance", p.get(), "require");
      String req = TomlFields.optionalString(input, p.get(), "require").orElse("any");
      prov = null;
      for (ProvenanceRequirement r : ProvenanceRequirement.values()) {
        if (r.code.equals(req)) {
          prov = r;
        }
      }
      if (prov == null) {
        throw bad(
            input,
            "provenance.require: '"
                + InputText.printable(req)
                + "' is not any, not-sketchy or gold-star");
      }
    }
    Optional<String> criteria = Optional.empty();
    List<String> sources = List.of();
    Optional<JsonNode> a = TomlFields.table(input, root, "audits");
    if (a.isPresent()) {
      known(input, "audits", a.get(), "criteria", "sources");
      criteria = TomlFields.optionalString(input, a.get(), "criteria");
      sources = TomlFields.strings(input, a.get(), "sources");
    }
    List<String> roots = List.of();
    ReviewRequirement reviews = ReviewRequirement.NONE;
    Optional<JsonNode> rv = TomlFields.table(input, root, "reviews");
    if (rv.isPresent()) {
      known(input, "reviews", rv.get(), "crev-roots", "require");
      roots = TomlFields.strings(input, rv.get(), "crev-roots");
      String req = TomlFields.optionalString(input, rv.get(), "require").orElse("none");
      reviews = null;
      for (ReviewRequirement r : ReviewRequirement.values()) {
        if (r.code.equals(req)) {
          reviews = r;
        }
      }
      if (reviews == null) {
        throw bad(
            input,
            "reviews.require: '"
                + InputText.printable(req)
                + "' is not none, no-negative or verified");
      }
      if (reviews != ReviewRequirement.NONE && roots.isEmpty()) {
        throw bad(input, "reviews.require needs reviews.crev-roots (whose reviews count)");
      }
    }
    List<PolicyException> exceptions = new ArrayList<>();
    JsonNode ex = root.get("exceptions");
    if (ex != null) {
      if (!ex.isArray()) {
        throw bad(input, "'exceptions' is not an array of tables ([[exceptions]])");
      }
      int i = 0;
      for (JsonNode e : ex.values()) {
        i++;
        String where = "exceptions[" + i + "]";
        if (!e.isObject()) {
          throw bad(input, where + " is not a table");
        }
        known(input, where, e, "crate", "version", "rule", "advisory", "until", "reason");
        String crate = TomlFields.requiredString(input, e, "crate");
        Optional<String> v = TomlFields.optionalString(input, e, "version");
        if (v.isPresent() && !CrateVersion.isValid(v.get())) {
          throw bad(input, where + ".version '" + InputText.printable(v.get()) + "' is not SemVer");
        }
        Optional<String> ruleText = TomlFields.optionalString(input, e, "rule");
        Optional<Rule> rule = Optional.empty();
        if (ruleText.isPresent()) {
          for (Rule r : Rule.values()) {
            if (r.code.equals(ruleText.get())) {
              rule = Optional.of(r);
            }
          }
          if (rule.isEmpty()) {
            throw bad(
                input,
                where
                    + ".rule '"
                    + InputText.printable(ruleText.get())
                    + "' is not advisory, provenance, audit, review or yanked");
          }
        }
        String until = TomlFields.requiredString(input, e, "until");
        LocalDate untilDate;
        try {
          untilDate = LocalDate.parse(until);
        } catch (DateTimeParseException err) {
          throw bad(input, where + ".until '" + InputText.printable(until) + "' is not YYYY-MM-DD");
        }
        exceptions.add(
            new PolicyException(
                crate,
                v.map(CrateVersion::of),
                rule,
                TomlFields.optionalString(input, e, "advisory"),
                untilDate,
                TomlFields.optionalString(input, e, "reason").orElse("")));
      }
    }
    return new Policy(
        input, deny, ignore, denyYanked, prov, criteria, sources, roots, reviews, exceptions);
  }

  private static List<String> iterable(JsonNode node) {
    List<String> keys = new ArrayList<>();
    node.properties().forEach(e -> keys.add(e.getKey()));
    return keys;
  }

  private static void known(String input, String section, JsonNode table, String... fields)
      throws TrustInputException {
    for (String key : iterable(table)) {
      if (!List.of(fields).contains(key)) {
        throw bad(
            input,
            "unknown field '"
                + InputText.printable(key)
                + "' in "
                + section
                + " (known: "
                + String.join(", ", fields)
                + ")");
      }
    }
  }

  private static TrustInputException bad(String input, String why) {
    return new TrustInputException("read policy " + InputText.printable(input) + ": " + why);
  }
}
