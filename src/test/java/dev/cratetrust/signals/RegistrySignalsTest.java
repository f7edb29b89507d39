package dev.cratetrust.signals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.signals.RegistryFacts.DependencyFacts;
import dev.cratetrust.signals.RegistryFacts.PublisherActivity;
import dev.cratetrust.signals.RegistryFacts.Release;
import dev.cratetrust.testing.SignalFixtures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RegistrySignalsTest {
  static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");
  private final CrateSignals signals = new CrateSignals(Clock.fixed(NOW, ZoneOffset.UTC));
  static final List<String> POPULAR = List.of("serde", "serde_json", "tokio", "log", "regex");

  static Release release(String v, String date, String by, boolean trusted) {
    return new Release(
        v, Instant.parse(date + "T12:00:00Z"), Optional.ofNullable(by), false, trusted);
  }

  static RegistryFacts facts(
      Optional<Instant> created,
      List<Release> releases,
      List<String> owners,
      Optional<List<String>> previousOwners,
      List<DependencyFacts> deps) {
    return new RegistryFacts(
        created, releases, owners, previousOwners, Optional.empty(), deps, POPULAR);
  }

  private List<Signal> run(CrateContents c, RegistryFacts f) {
    return signals.signals(SignalInput.of(c).withRegistry(f));
  }

  private static Signal find(List<Signal> s, String code) {
    return s.stream().filter(x -> x.code().equals(code)).findFirst().orElseThrow();
  }

  private static List<String> codes(List<Signal> s) {
    return s.stream().map(Signal::code).toList();
  }

  @Test
  void establishedCrateWithSteadyReleasesHasNoRegistrySignals() {
    RegistryFacts f =
        facts(
            Optional.of(Instant.parse("2019-01-01T00:00:00Z")),
            List.of(
                release("1.0.0", "2025-01-01", "alice", true),
                release("1.1.0", "2026-06-01", "alice", true)),
            List.of("alice"),
            Optional.of(List.of("alice")),
            List.of());
    assertThat(run(SignalFixtures.crate("steady", "1.1.0").build(), f)).isEmpty();
  }

  @Test
  void youngCrateDormancyNewPublisherOwnersAndTrustedPublishing() {
    RegistryFacts f =
        facts(
            Optional.of(Instant.parse("2026-11-10T00:00:00Z")),
            List.of(
                release("0.1.0", "2022-01-01", "alice", true),
                release("0.2.0-rc.1", "2026-11-01", "alice", true),
                release("0.2.0", "2026-11-20", "mallory", false)),
            List.of("alice", "mallory"),
            Optional.of(List.of("alice")),
            List.of());
    List<Signal> s = run(SignalFixtures.crate("quiet", "0.2.0").build(), f);
    assertThat(find(s, "crate-recently-created").message())
        .isEqualTo("crate was first published 12 days ago, on 2026-11-10T00:00:00Z");
    assertThat(find(s, "version-after-dormancy").message())
        .isEqualTo("this version was published 1784 days after the previous release (0.1.0)");
    assertThat(find(s, "new-publisher").message())
        .isEqualTo(
            "this version was published by 'mallory', who published no earlier version"
                + " (previous: 'alice')");
    assertThat(find(s, "owners-added").message())
        .isEqualTo("crate owners added since the previous version: 'mallory'");
    assertThat(codes(s)).contains("trusted-publishing-dropped");
    assertThat(s).allMatch(x -> x.severity() == Severity.NOTICE);
  }

  @Test
  void yankedMassPublishingAndLookAlikeName() {
    RegistryFacts f =
        new RegistryFacts(
            Optional.empty(),
            List.of(
                new Release(
                    "1.0.0",
                    Instant.parse("2026-11-01T00:00:00Z"),
                    Optional.of("bob"),
                    true,
                    false)),
            List.of("bob"),
            Optional.empty(),
            Optional.of(new PublisherActivity("bob", 25, Duration.ofDays(7))),
            List.of(),
            POPULAR);
    List<Signal> s = run(SignalFixtures.crate("serde-jsonn", "1.0.0").build(), f);
    assertThat(codes(s))
        .containsExactlyInAnyOrder("version-yanked", "mass-publishing", "look-alike-name");
    assertThat(find(s, "look-alike-name").message())
        .isEqualTo(
            "name is similar to the popular crate 'serde_json': it differs by 1 character"
                + " edit(s)");
    assertThat(find(s, "mass-publishing").message())
        .isEqualTo("publisher 'bob' created 25 new crates in 7 days");
  }

  @Test
  void newDependencyOnFreshLookAlikeCrateWarns() {
    CrateContents v1 =
        SignalFixtures.crate("app-helper", "1.4.0")
            .manifest("[dependencies]\nserde = \"1\"\n")
            .build();
    CrateContents v2 =
        SignalFixtures.crate("app-helper", "1.5.0")
            .manifest("[dependencies]\nserde = \"1\"\nserdde = \"0.1\"\nlog = \"0.4\"\n")
            .build();
    RegistryFacts f =
        facts(
            Optional.of(Instant.parse("2020-01-01T00:00:00Z")),
            List.of(
                release("1.4.0", "2026-05-01", "carol", false),
                release("1.5.0", "2026-11-21", "carol", false)),
            List.of("carol"),
            Optional.empty(),
            List.of(
                new DependencyFacts(
                    "serdde",
                    OptionalLong.of(40),
                    Optional.of(Instant.parse("2026-11-19T00:00:00Z"))),
                new DependencyFacts(
                    "serde",
                    OptionalLong.of(900_000_000),
                    Optional.of(Instant.parse("2014-12-05T00:00:00Z"))),
                new DependencyFacts(
                    "log",
                    OptionalLong.of(500_000_000),
                    Optional.of(Instant.parse("2014-12-05T00:00:00Z")))));
    List<Signal> s = signals.signals(SignalInput.of(v2).withPrevious(v1).withRegistry(f));
    Signal w = find(s, "dependency-fresh-look-alike");
    assertThat(w.severity()).isEqualTo(Severity.WARNING);
    assertThat(w.message())
        .isEqualTo(
            "new dependency on a young or little-used crate whose name resembles a popular crate:"
                + " 'serdde' (like 'serde')");
    assertThat(find(s, "dependency-recently-created").evidence())
        .extracting(Evidence::field)
        .containsExactly("dependencies.serdde");
    assertThat(find(s, "dependency-little-used").message())
        .isEqualTo("1 new dependency on crates with fewer than 2000 downloads");
    assertThat(s.getFirst().code()).isEqualTo("dependency-fresh-look-alike");
  }

  @Test
  void provenanceReasonsBecomeSignals() {
    ProvenanceFacts p =
        new ProvenanceFacts(
            List.of(
                new ProvenanceFacts.Fact(
                    "files_not_in_repository", List.of("src/evil.rs", "tests/x.bin"), ""),
                new ProvenanceFacts.Fact("tag-missing", List.of(), "tags on commit: none"),
                new ProvenanceFacts.Fact("weird-new-reason", List.of(), ""),
                new ProvenanceFacts.Fact("Not A Code\n", List.of(), "")));
    List<Signal> s =
        signals.signals(
            SignalInput.of(SignalFixtures.crate("p", "1.0.0").build()).withProvenance(p));
    assertThat(codes(s))
        .containsExactly(
            "provenance-files-not-in-repository",
            "provenance-tag-missing",
            "provenance-weird-new-reason");
    Signal files = s.getFirst();
    assertThat(files.severity()).isEqualTo(Severity.WARNING);
    assertThat(files.message())
        .isEqualTo(
            "published files are missing from the repository at the claimed commit (2 files)");
    assertThat(files.evidence())
        .extracting(Evidence::file)
        .containsExactly("src/evil.rs", "tests/x.bin");
    assertThat(s.get(1).message())
        .isEqualTo(
            "no release tag in the repository points at the claimed commit: tags on commit: none");
  }

  @Test
  void provenanceReportReasonsMapToSignals() {
    dev.cratetrust.provenance.ProvenanceReport report =
        new dev.cratetrust.provenance.ProvenanceReport(
            dev.cratetrust.crates.PackageId.of("p", "1.0.0"),
            dev.cratetrust.provenance.Category.LOOKS_SKETCHY,
            List.of(
                dev.cratetrust.provenance.Finding.of(
                    dev.cratetrust.provenance.Reason.FILES_NOT_IN_REPOSITORY,
                    "2 files",
                    "src/evil.rs",
                    "build.rs"),
                dev.cratetrust.provenance.Finding.of(
                    dev.cratetrust.provenance.Reason.NO_RELEASE_TAG, "", "v0.9.0", "nightly"),
                dev.cratetrust.provenance.Finding.of(
                    dev.cratetrust.provenance.Reason.PACKAGE_FOLDER_GUESSED, "")),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            dev.cratetrust.provenance.TagResult.notChecked(),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            "test");
    List<Signal> s =
        signals.signals(
            SignalInput.of(SignalFixtures.crate("p", "1.0.0").build())
                .withProvenance(ProvenanceFacts.of(report)));
    assertThat(s)
        .extracting(Signal::code, Signal::severity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "provenance-files-not-in-repository", Severity.WARNING),
            org.assertj.core.groups.Tuple.tuple("provenance-tag-missing", Severity.NOTICE),
            org.assertj.core.groups.Tuple.tuple(
                "provenance-package-folder-guessed", Severity.INFO));
    assertThat(s.getFirst().evidence())
        .extracting(Evidence::file)
        .containsExactly("src/evil.rs", "build.rs");
    assertThat(s.get(1).message()).endsWith(": v0.9.0, nightly");
  }
}
