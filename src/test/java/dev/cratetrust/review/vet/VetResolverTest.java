package dev.cratetrust.review.vet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.trust.AuditFact;
import dev.cratetrust.trust.SourceRef;
import dev.cratetrust.trust.TrustInputException;
import dev.cratetrust.trust.VetAudits;
import dev.cratetrust.trust.VetResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Criteria and audit chains computed from slices of the real Mozilla and Google audits.toml files
 * (src/test/resources/data/cargo-vet).
 */
class VetResolverTest {
  static final Path VET = Path.of("src/test/resources/data/cargo-vet");
  static VetAudits mozilla;
  static VetAudits google;

  @BeforeAll
  static void parse() throws Exception {
    mozilla =
        VetAuditsParser.parse("mozilla", Files.readString(VET.resolve("mozilla-audits.toml")));
    google = VetAuditsParser.parse("google", Files.readString(VET.resolve("google-audits.toml")));
  }

  static SourceRef ref(String name) {
    return new SourceRef(SourceRef.VET_AUDITS, name, name, Optional.empty(), Instant.EPOCH);
  }

  static List<AuditFact> facts(VetAudits a, String name, String crate, String version) {
    return new VetResolver(a).facts(ref(name), CrateName.of(crate), CrateVersion.of(version));
  }

  static AuditFact certified(List<AuditFact> facts) {
    return facts.stream()
        .filter(f -> f.kind() == AuditFact.Kind.CERTIFIED)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void realFilesParseWithTheirEntryCounts() throws Exception {
    long mozillaEntries =
        Files.readAllLines(VET.resolve("mozilla-audits.toml")).stream()
            .filter(l -> l.startsWith("[[audits."))
            .count();
    assertThat(mozilla.audits().values().stream().mapToInt(List::size).sum())
        .isEqualTo((int) mozillaEntries);
    long googleEntries =
        Files.readAllLines(VET.resolve("google-audits.toml")).stream()
            .filter(l -> l.startsWith("[[audits."))
            .count();
    assertThat(google.audits().values().stream().mapToInt(List::size).sum())
        .isEqualTo((int) googleEntries - google.problems().size());
    assertThat(google.criteria().get("ub-risk-0").implies()).containsExactly("ub-risk-1");
    assertThat(google.criteria().get("rule-of-two-safe-to-deploy").implies())
        .containsExactly("safe-to-deploy");
  }

  @Test
  void googleDeltaOfAStrongerCriterionExtendsAWeakerFullAudit() {
    // arrayref: full 0.3.7 ub-risk-3, delta 0.3.7 -> 0.3.9 ub-risk-2 (implies ub-risk-3)
    AuditFact at039 = certified(facts(google, "google", "arrayref", "0.3.9"));
    assertThat(at039.criteria()).containsExactlyInAnyOrder("ub-risk-3", "ub-risk-4");
    assertThat(at039.chain())
        .containsExactly(
            "ub-risk-3 via full audit of 0.3.7 by Luca Versari <veluca@google.com>, Manish"
                + " Goregaokar <manishearth@google.com> (ub-risk-3) + delta 0.3.7 -> 0.3.9 by"
                + " Manish Goregaokar <manishearth@google.com> (ub-risk-2) [implies ub-risk-3]");
  }

  @Test
  void mozillaChainOfFourDeltas() {
    AuditFact f = certified(facts(mozilla, "mozilla", "time-core", "0.1.8"));
    assertThat(f.criteria()).containsExactlyInAnyOrder("safe-to-deploy", "safe-to-run");
    assertThat(f.chain()).hasSize(1);
    assertThat(f.chain().getFirst())
        .startsWith("safe-to-deploy via full audit of 0.1.0 by Kershaw Chang")
        .contains("+ delta 0.1.0 -> 0.1.1")
        .contains("+ delta 0.1.1 -> 0.1.2")
        .contains("+ delta 0.1.2 -> 0.1.4")
        .endsWith("delta 0.1.4 -> 0.1.8 by Lars Eggert <lars@eggert.org> (safe-to-deploy)");
    assertThat(facts(mozilla, "mozilla", "time-core", "0.1.3"))
        .noneMatch(x -> x.kind() == AuditFact.Kind.CERTIFIED);
  }

  @Test
  void builtInImplicationSafeToDeployGivesSafeToRun() {
    AuditFact f = certified(facts(mozilla, "mozilla", "linked-hash-map", "0.5.4"));
    assertThat(f.criteria()).containsExactlyInAnyOrder("safe-to-deploy", "safe-to-run");
  }

  @Test
  void wildcardEntriesDependOnThePublisher() {
    List<AuditFact> f = facts(mozilla, "mozilla", "audio_thread_priority", "0.30.0");
    assertThat(f).anyMatch(x -> x.kind() == AuditFact.Kind.DEPENDS_ON_PUBLISHER);
    assertThat(f).noneMatch(x -> x.kind() == AuditFact.Kind.CERTIFIED);
  }

  @Test
  void violationMatchesItsRequirement() throws Exception {
    VetAudits a =
        VetAuditsParser.parse(
            "v.toml",
            "[[audits.evil]]\nwho = \"x\"\ncriteria = \"safe-to-run\"\nviolation = \">=1.0.0, <1.2\"\n"
                + "[[audits.evil]]\ncriteria = \"safe-to-deploy\"\nversion = \"1.1.0\"\n"
                + "unknown-field = true\n");
    List<AuditFact> f = facts(a, "v", "evil", "1.1.0");
    assertThat(f).extracting(AuditFact::kind).contains(AuditFact.Kind.VIOLATION);
    assertThat(facts(a, "v", "evil", "1.2.0")).isEmpty();
  }

  @Test
  void malformedEntriesAreSkippedWithAProblemNamingThem() throws Exception {
    VetAudits a =
        VetAuditsParser.parse(
            "bad.toml",
            "[[audits.foo]]\ncriteria = \"x\"\ndelta = \"1.0.0\"\n"
                + "[[audits.foo]]\nversion = \"1.0.0\"\n"
                + "[[audits.foo]]\ncriteria = \"x\"\nversion = \"1.0.0\"\ndelta = \"1 -> 2\"\n"
                + "[[audits.foo]]\ncriteria = \"safe-to-run\"\nversion = \"2.0.0\"\n"
                + "[[trusted.foo]]\ncriteria = \"x\"\n");
    assertThat(a.audits().get("foo"))
        .extracting(x -> x.version().orElseThrow().toString())
        .containsExactly("2.0.0");
    assertThat(a.problems())
        .extracting(p -> p.item() + ": " + p.message())
        .satisfiesExactly(
            p -> assertThat(p).startsWith("[[audits.foo]] #1").contains("is not 'FROM -> TO'"),
            p -> assertThat(p).startsWith("[[audits.foo]] #2").contains("missing criteria"),
            p ->
                assertThat(p)
                    .startsWith("[[audits.foo]] #3")
                    .contains("exactly one of version, delta, violation"),
            p ->
                assertThat(p)
                    .startsWith("[[trusted.foo]] #1")
                    .contains("exactly one of user-id, trusted-publisher"));
  }

  @Test
  void googleEntryWithAVersionAsCrateNameIsSkipped() {
    assertThat(google.problems())
        .extracting(p -> p.message())
        .containsExactly("crate name '0.7.11' must start with an ASCII letter, skipped");
    assertThat(mozilla.problems()).isEmpty();
  }

  @Test
  void brokenTomlFailsTheWholeFile() {
    assertThatThrownBy(() -> VetAuditsParser.parse("broken.toml", "[[audits.foo]\n"))
        .isInstanceOf(TrustInputException.class)
        .hasMessageContaining("broken.toml")
        .hasMessageContaining("not valid TOML");
  }

  @Test
  void registryListsSources() throws Exception {
    var reg =
        VetAuditsParser.parseRegistry(
            "registry.toml", Files.readString(VET.resolve("registry.toml")));
    assertThat(reg).containsKeys("mozilla", "google", "bytecode-alliance");
    assertThat(reg.get("google")).startsWith("https://");
  }
}
