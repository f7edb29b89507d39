package dev.cratetrust.review.vet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.trust.AuditFact;
import dev.cratetrust.trust.CargoLock;
import dev.cratetrust.trust.CheckReport;
import dev.cratetrust.trust.Policy;
import dev.cratetrust.trust.PolicyEvaluator;
import dev.cratetrust.trust.ProvenanceFact;
import dev.cratetrust.trust.SourceRef;
import dev.cratetrust.trust.VetAudits;
import dev.cratetrust.trust.VetResolver;
import dev.cratetrust.trust.YankedFact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * cargo-vet's rules where the real audit files do not reach, on a small audits file with one crate
 * per case (src/test/resources/vet/cases.toml).
 */
class VetSemanticsTest {
  static final Path CASES = Path.of("src/test/resources/vet/cases.toml");
  static final Path SLICE = Path.of("src/test/resources/data/cargo-vet");
  static VetAudits cases;

  @BeforeAll
  static void parse() throws Exception {
    cases = VetAuditsParser.parse("cases.toml", Files.readString(CASES));
  }

  static SourceRef ref(String name) {
    return new SourceRef(
        SourceRef.VET_AUDITS, name, name + ".toml", Optional.empty(), Instant.EPOCH);
  }

  static List<AuditFact> facts(String crate, String version) {
    return new VetResolver(cases)
        .facts(ref("cases"), CrateName.of(crate), CrateVersion.of(version));
  }

  static List<AuditFact> ofKind(List<AuditFact> facts, AuditFact.Kind kind) {
    return facts.stream().filter(f -> f.kind() == kind).toList();
  }

  @Test
  void violatingACriterionViolatesEveryCriterionThatImpliesIt() {
    List<AuditFact> f = facts("violation-up", "1.1.0");
    assertThat(ofKind(f, AuditFact.Kind.VIOLATION))
        .singleElement()
        .satisfies(
            v ->
                assertThat(v.criteria())
                    .containsExactlyInAnyOrder("safe-to-run", "safe-to-deploy", "weak", "strong"));
    assertThat(ofKind(facts("violation-up", "2.0.0"), AuditFact.Kind.CERTIFIED))
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.criteria())
                    .containsExactlyInAnyOrder("safe-to-run", "safe-to-deploy", "weak", "strong"));
  }

  @Test
  void violatingSafeToDeployLeavesSafeToRunStanding() {
    List<AuditFact> f = facts("violation-down", "1.1.0");
    assertThat(ofKind(f, AuditFact.Kind.VIOLATION))
        .singleElement()
        .satisfies(v -> assertThat(v.criteria()).containsExactly("safe-to-deploy"));
    assertThat(ofKind(f, AuditFact.Kind.CONFLICT))
        .as("a safe-to-run audit claims nothing violated")
        .isEmpty();
    assertThat(ofKind(f, AuditFact.Kind.CERTIFIED))
        .singleElement()
        .satisfies(c -> assertThat(c.criteria()).containsExactly("safe-to-run"));
  }

  @Test
  void anAuditInsideAViolationsRangeIsAConflictAndCertifiesNothing() {
    List<AuditFact> f = facts("conflict", "1.1.0");
    assertThat(ofKind(f, AuditFact.Kind.CONFLICT))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.criteria()).containsExactlyInAnyOrder("safe-to-run", "safe-to-deploy");
              assertThat(c.chain())
                  .containsExactly(
                      "violation ~1.1 by Vera <vera@example.org> (safe-to-run) [cases] conflicts"
                          + " with full audit of 1.1.0 by Bob <bob@example.org> (safe-to-deploy)"
                          + " [cases]: cargo-vet stops with a violation conflict",
                      "violation ~1.1 by Vera <vera@example.org> (safe-to-run) [cases] conflicts"
                          + " with delta 1.1.0 -> 1.3.0 by Bob <bob@example.org> (safe-to-deploy)"
                          + " [cases]: cargo-vet stops with a violation conflict");
            });
    assertThat(ofKind(f, AuditFact.Kind.CERTIFIED)).isEmpty();
    assertThat(ofKind(facts("conflict", "1.3.0"), AuditFact.Kind.CERTIFIED))
        .as("the delta starting inside the violation carries no violated criterion")
        .isEmpty();
  }

  @Test
  void entriesCargoVetsImporterDropsAreDroppedWithAMessage() {
    assertThat(cases.audits().get("dropped"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.version()).hasValueSatisfying(v -> assertThat(v).hasToString("1.0.3"));
              assertThat(a.criteria()).containsExactly("safe-to-run");
            });
    assertThat(cases.criteria()).containsOnlyKeys("strong", "weak");
    assertThat(cases.problems())
        .extracting(p -> p.item() + ": " + p.message())
        .satisfiesExactlyInAnyOrder(
            p ->
                assertThat(p)
                    .startsWith("[criteria.from-the-future]")
                    .contains("unknown field 'description-flavour'")
                    .endsWith("criterion dropped"),
            p ->
                assertThat(p)
                    .startsWith("[[audits.dropped]] #1")
                    .contains("importable = false")
                    .endsWith("entry dropped"),
            p ->
                assertThat(p)
                    .startsWith("[[audits.dropped]] #2")
                    .contains("unknown field 'reviewed-with'"),
            p ->
                assertThat(p)
                    .startsWith("[[audits.dropped]] #3")
                    .contains("criteria never-defined not defined in this file")
                    .endsWith("entry dropped"),
            p ->
                assertThat(p)
                    .startsWith("[[audits.dropped]] #4")
                    .contains("never-defined not defined in this file, removed from the entry"),
            p ->
                assertThat(p)
                    .startsWith("[[audits.dropped]] #5")
                    .contains("version '1.0' is not a SemVer version"),
            p ->
                assertThat(p)
                    .startsWith("[[audits.dropped]] #6")
                    .contains("'1.0.4@hg:abc': only '@git:<hash>' may follow a version"),
            p ->
                assertThat(p)
                    .startsWith("[[audits.dropped]] #7")
                    .contains("criteria from-the-future not defined in this file"));
  }

  @Test
  void versionsInDeltaChainsAreComparedParsed() {
    AuditFact c =
        ofKind(facts("git-versions", "1.0.1"), AuditFact.Kind.CERTIFIED).stream()
            .findFirst()
            .orElseThrow();
    assertThat(c.criteria()).containsExactlyInAnyOrder("safe-to-run", "safe-to-deploy");
    assertThat(c.chain())
        .containsExactly(
            "safe-to-deploy via full audit of 1.0.0@git:0123456789abcdef0123456789abcdef01234567"
                + " by Dan <dan@example.org> (safe-to-deploy) + delta"
                + " 1.0.0@git:0123456789abcdef0123456789abcdef01234567 -> 1.0.1 by Dan"
                + " <dan@example.org> (safe-to-deploy)");
    assertThat(ofKind(facts("git-versions", "1.0.0"), AuditFact.Kind.CERTIFIED))
        .as("a git revision is not the published version")
        .isEmpty();
  }

  @Test
  void anImportedFilesTrustedEntryCertifiesNothingAndSaysSo() {
    List<AuditFact> f = facts("trusted-only", "1.0.0");
    assertThat(f).extracting(AuditFact::kind).containsExactly(AuditFact.Kind.IMPORTED_TRUSTED);
    assertThat(f.getFirst().chain().getFirst())
        .contains("crates.io user 42")
        .contains("an imported file's trusted entries certify nothing for the importer");
  }

  static CheckReport check(String policy, String crate, String version) throws Exception {
    CargoLock lock =
        CargoLock.parse(
            "Cargo.lock",
            "version = 3\n\n[[package]]\nname = \""
                + crate
                + "\"\nversion = \""
                + version
                + "\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n");
    var pkg = lock.packages().getFirst();
    var facts =
        new PolicyEvaluator.PackageFacts(
            pkg,
            List.of(),
            ProvenanceFact.unknown(),
            YankedFact.unknown(),
            new VetResolver(cases).facts(ref("cases"), pkg.name(), pkg.version()),
            List.of());
    return new PolicyEvaluator(
            Policy.parse("policy.toml", policy),
            Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC))
        .evaluate("Cargo.lock", List.of(facts), List.of());
  }

  @Test
  void checkFailsOnlyWhenTheRequiredCriterionIsViolated() throws Exception {
    String run = "[audits]\ncriteria = \"safe-to-run\"\n";
    String deploy = "[audits]\ncriteria = \"safe-to-deploy\"\n";
    CheckReport passes = check(run, "violation-down", "1.1.0");
    assertThat(passes.outcome()).isEqualTo(CheckReport.Outcome.PASS);
    assertThat(passes.packages().getFirst().notes())
        .anySatisfy(
            n ->
                assertThat(n)
                    .startsWith("audit source cases records a violation of safe-to-deploy")
                    .contains("which it does not violate"));
    CheckReport fails = check(deploy, "violation-down", "1.1.0");
    assertThat(fails.outcome()).isEqualTo(CheckReport.Outcome.FAIL);
    assertThat(fails.packages().getFirst().failures())
        .extracting(CheckReport.Finding::message)
        .containsExactly(
            "audit source cases records a violation of safe-to-deploy, which the policy requires:"
                + " violation =1.1.0 by Vera <vera@example.org> (safe-to-deploy)");
    CheckReport propagated = check(deploy, "violation-up", "1.1.0");
    assertThat(propagated.packages().getFirst().failures())
        .extracting(CheckReport.Finding::message)
        .containsExactly(
            "audit source cases records a violation of safe-to-deploy, which the policy requires:"
                + " violation >=1.0.0, <1.2 by Vera <vera@example.org> (safe-to-run, weak)");
    CheckReport noCriteria = check("", "violation-up", "1.1.0");
    assertThat(noCriteria.outcome()).isEqualTo(CheckReport.Outcome.PASS);
    CheckReport conflict = check(deploy, "conflict", "1.1.0");
    assertThat(conflict.packages().getFirst().failures())
        .extracting(CheckReport.Finding::message)
        .anySatisfy(
            m ->
                assertThat(m)
                    .startsWith("audit source cases holds a violation conflict on safe-to-deploy"));
  }

  static VetResolver.Named file(String name, String text) throws Exception {
    return new VetResolver.Named(ref(name), VetAuditsParser.parse(name, text));
  }

  @Test
  void aViolationInOneFileBlocksAChainAndConflictsWithAnAuditOfAnother() throws Exception {
    VetResolver.Named full =
        file(
            "x",
            "[[audits.foo]]\nwho = \"X\"\ncriteria = \"safe-to-deploy\"\nversion = \"1.0.0\"\n");
    VetResolver.Named delta =
        file(
            "y",
            "[[audits.foo]]\nwho = \"Y\"\ncriteria = \"safe-to-deploy\"\ndelta = \"1.0.0 -> 1.1.0\"\n");
    VetResolver.Named violation =
        file(
            "z",
            "[[audits.foo]]\nwho = \"Z\"\ncriteria = \"safe-to-run\"\nviolation = \"=1.1.0\"\n");
    CrateName foo = CrateName.of("foo");
    CrateVersion v = CrateVersion.of("1.1.0");
    assertThat(VetResolver.combined(List.of(full, delta), foo, v))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.kind()).isEqualTo(AuditFact.Kind.CERTIFIED);
              assertThat(f.criteria()).containsExactlyInAnyOrder("safe-to-run", "safe-to-deploy");
              assertThat(f.chain())
                  .containsExactly(
                      "safe-to-deploy via full audit of 1.0.0 by X (safe-to-deploy) [x] + delta"
                          + " 1.0.0 -> 1.1.0 by Y (safe-to-deploy) [y]");
            });
    List<AuditFact> withViolation = VetResolver.combined(List.of(full, delta, violation), foo, v);
    assertThat(withViolation).noneMatch(f -> f.kind() == AuditFact.Kind.CERTIFIED);
    assertThat(withViolation)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.kind()).isEqualTo(AuditFact.Kind.CONFLICT);
              assertThat(f.source().name()).isEqualTo("y + z");
              assertThat(f.chain())
                  .containsExactly(
                      "violation =1.1.0 by Z (safe-to-run) [z] conflicts with delta 1.0.0 -> 1.1.0"
                          + " by Y (safe-to-deploy) [y]: cargo-vet stops with a violation conflict");
            });
  }

  @Test
  void realGoogleAndMozillaFilesChainSemverAcrossFiles() throws Exception {
    VetAudits google =
        VetAuditsParser.parse("google", Files.readString(SLICE.resolve("google-audits.toml")));
    VetAudits mozilla =
        VetAuditsParser.parse("mozilla", Files.readString(SLICE.resolve("mozilla-audits.toml")));
    CrateName semver = CrateName.of("semver");
    CrateVersion v = CrateVersion.of("1.0.28");
    assertThat(new VetResolver(google).facts(ref("google"), semver, v))
        .noneMatch(f -> f.kind() == AuditFact.Kind.CERTIFIED);
    assertThat(new VetResolver(mozilla).facts(ref("mozilla"), semver, v))
        .extracting(AuditFact::kind)
        .containsExactly(AuditFact.Kind.IMPORTED_TRUSTED);
    List<AuditFact> both =
        VetResolver.combined(
            List.of(
                new VetResolver.Named(ref("google"), google),
                new VetResolver.Named(ref("mozilla"), mozilla)),
            semver,
            v);
    assertThat(both)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.kind()).isEqualTo(AuditFact.Kind.CERTIFIED);
              assertThat(f.criteria()).containsExactly("safe-to-run");
              assertThat(f.source().name()).isEqualTo("google + mozilla");
              assertThat(f.sources())
                  .extracting(SourceRef::name)
                  .containsExactly("google", "mozilla");
              assertThat(f.chain())
                  .containsExactly(
                      "safe-to-run via full audit of 1.0.16 by George Burgess IV <gbiv@google.com>"
                          + " (safe-to-run, does-not-implement-crypto) [google] + delta 1.0.16 ->"
                          + " 1.0.28 by Ben Dean-Kawamura <bdk@mozilla.com> (safe-to-deploy)"
                          + " [mozilla] [implies safe-to-run]");
            });
    assertThat(
            VetResolver.combined(
                List.of(
                    new VetResolver.Named(ref("google"), google),
                    new VetResolver.Named(ref("mozilla"), mozilla)),
                semver,
                CrateVersion.of("1.0.16")))
        .as("google alone certifies 1.0.16: nothing more to say together")
        .isEmpty();
  }
}
