package dev.cratetrust.trust;

import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.Parsers;
import dev.cratetrust.trust.CheckReport.AdvisoryFact;
import dev.cratetrust.trust.CheckReport.Finding;
import dev.cratetrust.trust.CheckReport.PackageCheck;
import dev.cratetrust.trust.Policy.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Renders a {@link CheckReport} as JSON, a readable text table, or SARIF 2.1.0. */
public final class CheckReportFormat {
  private CheckReportFormat() {}

  /** The JSON document of {@code check --format json}. */
  public static String json(CheckReport r) {
    ObjectNode root = Parsers.json().createObjectNode();
    root.put("lockfile", r.lockfile());
    root.put("policy", r.policy());
    root.put("checkedAt", r.checkedAt().toString());
    root.put("result", r.outcome().code());
    ObjectNode summary = root.putObject("summary");
    summary.put("packages", r.packages().size());
    summary.put(
        "failingPackages", r.packages().stream().filter(p -> !p.failures().isEmpty()).count());
    summary.put("failures", r.failureCount());
    ArrayNode failures = root.putArray("failures");
    for (PackageCheck p : r.packages()) {
      for (Finding f : p.failures()) {
        ObjectNode o = failures.addObject();
        o.put("crate", p.pkg().name().value());
        o.put("version", p.pkg().version().value());
        finding(o, f);
      }
    }
    ArrayNode packages = root.putArray("packages");
    for (PackageCheck p : r.packages()) {
      ObjectNode o = packages.addObject();
      o.put("crate", p.pkg().name().value());
      o.put("version", p.pkg().version().value());
      o.put("source", p.pkg().source().url().orElse("path"));
      o.put("sourceKind", p.pkg().source().kind().name().toLowerCase(java.util.Locale.ROOT));
      o.put("status", p.failures().isEmpty() ? "pass" : "fail");
      ObjectNode prov = o.putObject("provenance");
      prov.put("category", p.provenance().category().code());
      p.provenance().verifiedAt().ifPresent(t -> prov.put("verifiedAt", t.toString()));
      p.provenance().verifierVersion().ifPresent(v -> prov.put("verifierVersion", v));
      p.provenance().problem().ifPresent(v -> prov.put("problem", v));
      ObjectNode yanked = o.putObject("yanked");
      yanked.put("state", p.yanked().state().code());
      p.yanked().checkedAt().ifPresent(t -> yanked.put("checkedAt", t.toString()));
      p.yanked().origin().ifPresent(v -> yanked.put("origin", v));
      p.yanked().problem().ifPresent(v -> yanked.put("problem", v));
      ArrayNode advisories = o.putArray("advisories");
      for (AdvisoryFact a : p.advisories()) {
        advisory(advisories.addObject(), a.advisory(), a.source());
      }
      ArrayNode audits = o.putArray("audits");
      for (AuditFact a : p.audits()) {
        audit(audits.addObject(), a);
      }
      ArrayNode reviews = o.putArray("reviews");
      for (CheckReport.ReviewFact rf : p.reviews()) {
        review(reviews.addObject(), rf);
      }
      p.crevVerdict()
          .ifPresent(v -> o.put("crevVerdict", v.name().toLowerCase(java.util.Locale.ROOT)));
      ArrayNode fs = o.putArray("failures");
      p.failures().forEach(f -> finding(fs.addObject(), f));
      ArrayNode ex = o.putArray("excused");
      p.excused().forEach(f -> finding(ex.addObject(), f));
      ArrayNode notes = o.putArray("notes");
      p.notes().forEach(notes::add);
    }
    return Parsers.json().writerWithDefaultPrettyPrinter().writeValueAsString(root);
  }

  static void finding(ObjectNode o, Finding f) {
    o.put("rule", f.rule().code());
    f.advisoryId().ifPresent(id -> o.put("advisory", id));
    o.put("message", f.message());
    f.exception().ifPresent(e -> o.put("exception", e));
  }

  /** Writes the fields of one advisory, shared with {@code info}. */
  public static void advisory(ObjectNode o, Advisory a, SourceRef source) {
    o.put("id", a.id());
    o.put("kind", a.kind().code());
    o.put("title", a.title());
    o.put("date", a.date().toString());
    a.withdrawn().ifPresent(w -> o.put("withdrawn", w.toString()));
    ArrayNode aliases = o.putArray("aliases");
    a.aliases().forEach(aliases::add);
    ArrayNode categories = o.putArray("categories");
    a.categories().forEach(categories::add);
    a.cvss().ifPresent(c -> o.put("cvss", c));
    o.put("url", a.link());
    ArrayNode patched = o.putArray("patched");
    a.patched().forEach(v -> patched.add(v.text()));
    ArrayNode unaffected = o.putArray("unaffected");
    a.unaffected().forEach(v -> unaffected.add(v.text()));
    source(o.putObject("source"), source);
  }

  /** Writes one audit fact, shared with {@code info}. */
  public static void audit(ObjectNode o, AuditFact a) {
    o.put("kind", a.kind().code());
    ArrayNode c = o.putArray("criteria");
    a.criteria().stream().sorted().forEach(c::add);
    ArrayNode chain = o.putArray("chain");
    a.chain().forEach(chain::add);
    source(o.putObject("source"), a.source());
    if (a.sources().size() > 1) {
      ArrayNode sources = o.putArray("sources");
      a.sources().forEach(s -> source(sources.addObject(), s));
    }
  }

  /** Writes one crev review with its author's trust, shared with {@code info}. */
  public static void review(ObjectNode o, CheckReport.ReviewFact rf) {
    CrevProof.PackageReview r = rf.review();
    o.put("kind", "crev");
    o.put("author", r.authorId());
    o.put("date", r.date());
    r.rating().ifPresent(x -> o.put("rating", x));
    r.thoroughness().ifPresent(x -> o.put("thoroughness", x));
    r.understanding().ifPresent(x -> o.put("understanding", x));
    r.digest().ifPresent(x -> o.put("digest", x));
    r.diffBase().ifPresent(x -> o.put("diffBase", x));
    ArrayNode ids = o.putArray("advisories");
    r.advisoryIds().forEach(ids::add);
    o.put("comment", r.comment());
    if (rf.trust().isPresent()) {
      ObjectNode trust = o.putObject("trust");
      trust.put("level", rf.trust().get().level().code());
      trust.put("distance", rf.trust().get().distance());
    } else {
      o.putNull("trust");
    }
    source(o.putObject("source"), rf.source());
  }

  /** Writes where and when a fact was read. */
  public static void source(ObjectNode o, SourceRef s) {
    o.put("kind", s.kind());
    o.put("name", s.name());
    o.put("location", s.location());
    s.revision().ifPresent(v -> o.put("revision", v));
    o.put("readAt", s.readAt().toString());
  }

  /** A readable table: one line per package, then every failure with its reason. */
  public static String text(CheckReport r) {
    StringBuilder b = new StringBuilder();
    b.append("cratetrust check ")
        .append(InputText.printable(r.lockfile()))
        .append(" (policy ")
        .append(InputText.printable(r.policy()))
        .append("): ")
        .append(r.outcome().code().toUpperCase(java.util.Locale.ROOT))
        .append('\n');
    b.append(
        String.format(
            "%-6s %-40s %-18s %-10s %s%n", "STATUS", "PACKAGE", "PROVENANCE", "ADVIS.", "AUDITED"));
    for (PackageCheck p : r.packages()) {
      String audited =
          p.audits().stream()
              .filter(a -> a.kind() == AuditFact.Kind.CERTIFIED)
              .map(
                  a ->
                      a.source().name()
                          + ":"
                          + String.join("+", a.criteria().stream().sorted().toList()))
              .reduce((x, y) -> x + ", " + y)
              .orElse("-");
      b.append(
          String.format(
              "%-6s %-40s %-18s %-10d %s%n",
              p.failures().isEmpty() ? "ok" : "FAIL",
              p.pkg().name()
                  + "@"
                  + p.pkg().version()
                  + (p.yanked().state() == YankedFact.State.YANKED ? " (yanked)" : ""),
              p.provenance().category().code(),
              p.advisories().size(),
              InputText.printable(audited)));
    }
    for (PackageCheck p : r.packages()) {
      if (p.provenance().problem().isPresent()) {
        b.append("UNKNOWN ")
            .append(p.pkg().name())
            .append('@')
            .append(p.pkg().version())
            .append(" [provenance] could not verify: ")
            .append(InputText.printable(p.provenance().problem().get()))
            .append('\n');
      }
      for (Finding f : p.failures()) {
        b.append("FAIL ")
            .append(p.pkg().name())
            .append('@')
            .append(p.pkg().version())
            .append(" [")
            .append(f.rule().code())
            .append("] ")
            .append(InputText.printable(f.message()))
            .append('\n');
      }
      for (Finding f : p.excused()) {
        b.append("EXCUSED ")
            .append(p.pkg().name())
            .append('@')
            .append(p.pkg().version())
            .append(" [")
            .append(f.rule().code())
            .append("] ")
            .append(InputText.printable(f.message()))
            .append(" (")
            .append(InputText.printable(f.exception().orElse("")))
            .append(")\n");
      }
    }
    b.append(r.failureCount())
        .append(" failure(s) in ")
        .append(r.packages().size())
        .append(" package(s)\n");
    return b.toString();
  }

  /**
   * SARIF 2.1.0 for code-scanning UIs: one {@code error} result per failure and one {@code warning}
   * per fact reported without failing (provenance that could not be verified, a yanked version the
   * policy does not deny, an affecting advisory the policy does not deny), located at the package's
   * entry in the lockfile text when found.
   *
   * @param lockfileUri the lockfile's location as SARIF wants it: relative to the root of the
   *     repository being scanned (with {@code /} separators), or an absolute {@code file:} URI
   */
  public static String sarif(CheckReport r, String lockfileText, String lockfileUri) {
    ObjectNode root = Parsers.json().createObjectNode();
    root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    root.put("version", "2.1.0");
    ObjectNode run = root.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "cratetrust");
    ArrayNode rules = driver.putArray("rules");
    for (Rule rule : Rule.values()) {
      ObjectNode o = rules.addObject();
      o.put("id", rule.code());
      o.putObject("shortDescription")
          .put(
              "text",
              switch (rule) {
                case ADVISORY -> "A RustSec advisory affects the locked version";
                case PROVENANCE -> "The crate's provenance does not meet the policy";
                case AUDIT -> "The crate version lacks the audits the policy requires";
                case REVIEW -> "crev reviews from the web of trust do not meet the policy";
                case YANKED -> "The locked version is yanked in the registry index";
              });
    }
    ArrayNode results = run.putArray("results");
    List<String> lines = lockfileText.lines().toList();
    for (PackageCheck p : r.packages()) {
      for (Finding f : p.failures()) {
        String message = p.pkg().name() + " " + p.pkg().version() + ": " + f.message();
        sarifResult(results, lines, lockfileUri, p, f.rule(), "error", message, f.advisoryId(), "");
      }
      for (Warning w : warnings(p)) {
        sarifResult(
            results, lines, lockfileUri, p, w.rule(), "warning", w.message(), w.id(), "/warning");
      }
    }
    return Parsers.json().writerWithDefaultPrettyPrinter().writeValueAsString(root);
  }

  private record Warning(Rule rule, String message, Optional<String> id) {}

  private static List<Warning> warnings(PackageCheck p) {
    List<Warning> out = new ArrayList<>();
    String pkg = p.pkg().name() + " " + p.pkg().version();
    if (p.provenance().problem().isPresent()) {
      out.add(
          new Warning(
              Rule.PROVENANCE,
              pkg + ": provenance could not be verified: " + p.provenance().problem().get(),
              Optional.empty()));
    }
    boolean yankFails = p.failures().stream().anyMatch(f -> f.rule() == Rule.YANKED);
    if (p.yanked().state() == YankedFact.State.YANKED && !yankFails) {
      out.add(
          new Warning(
              Rule.YANKED,
              pkg + " is yanked in the registry index (the policy does not deny yanked versions)",
              Optional.empty()));
    }
    for (AdvisoryFact a : p.advisories()) {
      String id = a.advisory().id();
      boolean decided =
          Stream.concat(p.failures().stream(), p.excused().stream())
                  .anyMatch(f -> f.advisoryId().equals(Optional.of(id)))
              || p.notes().contains(id + " is ignored by the policy");
      if (!decided) {
        out.add(
            new Warning(
                Rule.ADVISORY,
                pkg
                    + " is affected by "
                    + id
                    + " ("
                    + a.advisory().kind().code()
                    + "): "
                    + a.advisory().title(),
                Optional.of(id)));
      }
    }
    return out;
  }

  private static void sarifResult(
      ArrayNode results,
      List<String> lines,
      String uri,
      PackageCheck p,
      Rule rule,
      String level,
      String message,
      Optional<String> id,
      String kind) {
    ObjectNode res = results.addObject();
    res.put("ruleId", rule.code());
    res.put("level", level);
    res.putObject("message").put("text", message);
    ObjectNode phys = res.putArray("locations").addObject().putObject("physicalLocation");
    phys.putObject("artifactLocation").put("uri", uri);
    int line = lineOf(lines, p.pkg().name().value(), p.pkg().version().value());
    if (line > 0) {
      phys.putObject("region").put("startLine", line);
    }
    res.putObject("partialFingerprints")
        .put(
            "cratetrust/v1",
            p.pkg().name()
                + "@"
                + p.pkg().version()
                + "/"
                + rule.code()
                + kind
                + id.map(i -> "/" + i).orElse(""));
  }

  private static int lineOf(List<String> lines, String name, String version) {
    for (int i = 0; i + 1 < lines.size(); i++) {
      if (lines.get(i).strip().equals("name = \"" + name + "\"")
          && lines.get(i + 1).strip().equals("version = \"" + version + "\"")) {
        return i + 1;
      }
    }
    return 0;
  }
}
