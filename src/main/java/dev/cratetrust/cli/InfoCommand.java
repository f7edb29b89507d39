package dev.cratetrust.cli;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.Parsers;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.store.AdvisoryRepository;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.ReviewCrevRepository;
import dev.cratetrust.store.ReviewOwnRepository;
import dev.cratetrust.store.TrustFactsRepository;
import dev.cratetrust.store.TrustProvenanceRepository;
import dev.cratetrust.trust.Advisory;
import dev.cratetrust.trust.AuditFact;
import dev.cratetrust.trust.CheckReport;
import dev.cratetrust.trust.CheckReportFormat;
import dev.cratetrust.trust.CrevProof;
import dev.cratetrust.trust.CrevWebOfTrust;
import dev.cratetrust.trust.OwnReview;
import dev.cratetrust.trust.ProvenanceFact;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code cratetrust info}: everything the store knows about one crate version, with sources. */
@Command(name = "info", description = "Show advisories, audits and reviews of one crate version.")
public final class InfoCommand implements Callable<Integer> {
  /** Output formats of {@code info}. */
  enum Format {
    text,
    json
  }

  @Parameters(index = "0", paramLabel = "NAME@VERSION", description = "e.g. hyper@0.14.9")
  String target;

  @Option(names = "--db", paramLabel = "PATH", description = "Store (file path or postgresql://).")
  String db;

  @Option(names = "--format", paramLabel = "FORMAT", description = "text (default) or json.")
  Format format = Format.text;

  @Option(
      names = "--crev-root",
      paramLabel = "CREV_ID",
      description = "A crev id whose web of trust weighs the reviews; repeatable.")
  List<String> crevRoots = new ArrayList<>();

  @Spec CommandSpec spec;

  private static final java.util.regex.Pattern LINK = java.util.regex.Pattern.compile(" \\+ |; ");

  @Override
  public Integer call() throws UnavailableException {
    int at = target.lastIndexOf('@');
    if (at <= 0 || at == target.length() - 1) {
      throw new UsageException(
          "'" + InputText.printable(target) + "' is not NAME@VERSION (e.g. hyper@0.14.9)");
    }
    String n = target.substring(0, at);
    String v = target.substring(at + 1);
    if (CrateName.problem(n) != null) {
      throw new UsageException(
          "'" + InputText.printable(n) + "' is not a crate name: " + CrateName.problem(n));
    }
    if (!CrateVersion.isValid(v)) {
      throw new UsageException("'" + InputText.printable(v) + "' is not a SemVer version");
    }
    CrateName name = CrateName.of(n);
    CrateVersion version = CrateVersion.of(v);
    List<AdvisoryRepository.StoredAdvisory> advisories;
    List<CrateName> otherSpellings = List.of();
    int toolchain;
    List<AuditFact> audits;
    List<OwnReview> own;
    ProvenanceFact provenance;
    List<ReviewCrevRepository.StoredProof<CrevProof.PackageReview>> reviews;
    Optional<CrevWebOfTrust.Web> web = Optional.empty();
    try (Database store = Database.open(db != null ? db : Database.defaultPath().toString())) {
      AdvisoryRepository advisoryStore =
          new AdvisoryRepository(store, TrustFormats.PARSERS.advisory());
      advisories = advisoryStore.forCrate(name);
      if (advisories.isEmpty()) {
        otherSpellings = advisoryStore.otherSpellings(name);
      }
      toolchain = advisoryStore.toolchainCount(name);
      audits =
          new TrustFactsRepository(store, TrustFormats.PARSERS)
              .auditSources()
              .factsFor(name, version);
      own = new ReviewOwnRepository(store, TrustFormats.PARSERS.vet()).of(name, version);
      provenance = new TrustProvenanceRepository(store).latest(name, version);
      ReviewCrevRepository crev = new ReviewCrevRepository(store, TrustFormats.PARSERS.crev());
      reviews = crev.reviewsOf(name, version);
      if (!crevRoots.isEmpty()) {
        web =
            Optional.of(
                CrevWebOfTrust.compute(
                    Set.copyOf(crevRoots), crev.trustProofs(), CrevWebOfTrust.Params.DEFAULTS));
      }
    }
    List<CrevProof.PackageReview> plain = reviews.stream().map(r -> r.proof()).toList();
    Optional<CrevWebOfTrust.Verdict> verdict =
        web.map(w -> CrevWebOfTrust.verify(w, plain, CrevProof.Level.LOW, 1));
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.json) {
      ObjectNode root = Parsers.json().createObjectNode();
      root.put("crate", name.value());
      root.put("version", version.value());
      ObjectNode prov = root.putObject("provenance");
      prov.put("category", provenance.category().code());
      provenance.verifiedAt().ifPresent(t -> prov.put("verifiedAt", t.toString()));
      provenance.verifierVersion().ifPresent(x -> prov.put("verifierVersion", x));
      provenance.reasons().ifPresent(x -> prov.put("reasons", x));
      if (!otherSpellings.isEmpty()) {
        ArrayNode spellings = root.putArray("registrySpellings");
        otherSpellings.forEach(x -> spellings.add(x.value()));
        root.put("note", spellingNote(name, version, otherSpellings));
      }
      if (toolchain > 0) {
        root.put("toolchainAdvisories", toolchain);
        root.put("toolchainNote", toolchainNote(name, toolchain));
      }
      ArrayNode adv = root.putArray("advisories");
      for (AdvisoryRepository.StoredAdvisory s : advisories) {
        ObjectNode o = adv.addObject();
        o.put("status", status(s.advisory().statusOf(version)));
        CheckReportFormat.advisory(o, s.advisory(), s.source());
      }
      ArrayNode au = root.putArray("audits");
      audits.forEach(a -> CheckReportFormat.audit(au.addObject(), a));
      ArrayNode rv = root.putArray("reviews");
      for (ReviewCrevRepository.StoredProof<CrevProof.PackageReview> s : reviews) {
        CheckReportFormat.review(
            rv.addObject(),
            new CheckReport.ReviewFact(
                s.proof(), s.source(), web.flatMap(w -> w.get(s.proof().authorId()))));
      }
      verdict.ifPresent(x -> root.put("crevVerdict", x.name().toLowerCase(Locale.ROOT)));
      ArrayNode ownNode = root.putArray("ownReviews");
      for (OwnReview r : own) {
        ownReview(ownNode.addObject(), r);
      }
      out.println(Parsers.json().writerWithDefaultPrettyPrinter().writeValueAsString(root));
    } else {
      out.printf("%s %s%n", name, version);
      out.printf(
          "provenance: %s%s%n",
          provenance.category().code(),
          provenance.verifiedAt().map(t -> " (verified " + t + ")").orElse(""));
      out.printf(
          "advisories: %d%s%n",
          advisories.size(),
          otherSpellings.isEmpty() ? "" : " (" + spellingNote(name, version, otherSpellings) + ")");
      if (toolchain > 0) {
        out.printf("  note: %s%n", toolchainNote(name, toolchain));
      }
      for (AdvisoryRepository.StoredAdvisory s : advisories) {
        Advisory a = s.advisory();
        out.printf(
            "  %-10s %s %s (%s, %s) %s [%s, read %s]%n",
            status(a.statusOf(version)),
            a.id(),
            InputText.printable(a.title()),
            a.kind().code(),
            a.date(),
            InputText.printable(a.link()),
            InputText.printable(s.source().name()),
            s.source().readAt());
      }
      out.printf("audits: %d%n", audits.size());
      for (AuditFact a : audits) {
        out.printf(
            "  %s %s [%s, read %s]%n",
            a.kind().code(),
            String.join(", ", a.criteria().stream().sorted().toList()),
            InputText.printable(a.source().name()),
            a.source().readAt());
        for (String line : a.chain()) {
          // one link or clause per line, so no part of the explanation is cut
          java.util.regex.Matcher m = LINK.matcher(line);
          int start = 0;
          String lead = "    ";
          while (m.find()) {
            out.printf("%s%s%n", lead, InputText.printable(line.substring(start, m.start())));
            lead = m.group().equals(" + ") ? "      + " : "      ";
            start = m.end();
          }
          out.printf("%s%s%n", lead, InputText.printable(line.substring(start)));
        }
      }
      out.printf("reviews: %d%n", reviews.size());
      for (ReviewCrevRepository.StoredProof<CrevProof.PackageReview> s : reviews) {
        CrevProof.PackageReview r = s.proof();
        out.printf(
            "  crev %s by %s%s on %s (thoroughness %s, understanding %s) [%s, read %s]%n",
            InputText.printable(r.rating().orElse("?")),
            InputText.printable(r.authorId()),
            web.map(
                    w ->
                        w.get(r.authorId())
                            .map(t -> " (trust " + t.level().code() + ")")
                            .orElse(" (not in web of trust)"))
                .orElse(""),
            InputText.printable(r.date()),
            InputText.printable(r.thoroughness().orElse("?")),
            InputText.printable(r.understanding().orElse("?")),
            InputText.printable(s.source().name()),
            s.source().readAt());
      }
      verdict.ifPresent(x -> out.printf("crev verdict: %s%n", x.name().toLowerCase(Locale.ROOT)));
      out.printf("own reviews: %d%n", own.size());
      for (OwnReview r : own) {
        out.printf(
            "  %s%s by %s on %s (%s, thoroughness %s, understanding %s)%s%n",
            String.join(", ", r.criteria()),
            r.deltaFrom().map(f -> " (delta from " + f + ")").orElse(""),
            InputText.printable(r.who()),
            r.date(),
            r.rating(),
            r.thoroughness(),
            r.understanding(),
            r.notes().isBlank() ? "" : ": " + InputText.printable(r.notes()));
      }
    }
    out.flush();
    return ExitCode.OK.code();
  }

  /** Writes one own review; shared with {@code review add --format json}. */
  static void ownReview(ObjectNode o, OwnReview r) {
    o.put("crate", r.crate().value());
    o.put("version", r.version().value());
    r.deltaFrom().ifPresent(f -> o.put("deltaFrom", f.value()));
    o.put("who", r.who());
    ArrayNode c = o.putArray("criteria");
    r.criteria().forEach(c::add);
    o.put("thoroughness", r.thoroughness());
    o.put("understanding", r.understanding());
    o.put("rating", r.rating());
    o.put("notes", r.notes());
    o.put("date", r.date().toString());
    r.crevDigest().ifPresent(d -> o.put("crevDigest", d));
    o.put("source", ReviewOwnRepository.SOURCE_NAME);
  }

  /**
   * Says that the toolchain advisories about a component of this name do not describe the crate.
   */
  private static String toolchainNote(CrateName name, int count) {
    return count
        + " toolchain advisories (rust/"
        + name
        + ") are about the Rust toolchain's "
        + name
        + ", not the crates.io crate; they are not matched against it";
  }

  /** Says that the registry spells the crate otherwise, and how to ask about it. */
  private static String spellingNote(CrateName name, CrateVersion version, List<CrateName> others) {
    return "no advisory names '"
        + name
        + "'; the advisory database spells this crate "
        + String.join(" or ", others.stream().map(o -> "'" + o + "'").toList())
        + " (crates.io treats the spellings as one crate): cratetrust info "
        + others.getFirst()
        + "@"
        + version;
  }

  private static String status(Advisory.Status s) {
    return s.name().toLowerCase(Locale.ROOT);
  }
}
