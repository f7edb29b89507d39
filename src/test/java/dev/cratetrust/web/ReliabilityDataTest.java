package dev.cratetrust.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.VerificationResults;
import dev.cratetrust.testing.ReliabilityFixture;
import dev.cratetrust.testing.TestStores;
import dev.cratetrust.web.CustodyChain.LinkKind;
import dev.cratetrust.web.CustodyChain.LinkState;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Reliability read model over three really verified versions (gold star, tampered with a new
 * networked build script, untagged), on the embedded store and on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReliabilityDataTest {
  private ReliabilityFixture.Built built;
  private TestStores stores;

  @BeforeAll
  void build(@TempDir Path tmp) throws Exception {
    built = ReliabilityFixture.build(tmp.resolve("fixture"));
    stores = new TestStores(tmp);
  }

  @AfterAll
  void close() throws Exception {
    stores.closeAll();
  }

  private ReliabilityTimeline timeline(String engine) throws Exception {
    Database db = stores.open(engine);
    built.storeInto(db);
    return new ReliabilityData(db, WebTrustFormats.PARSERS)
        .timeline(CrateName.of(ReliabilityFixture.NAME))
        .orElseThrow();
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem", "postgresql"})
  void versionsAreNewestFirstWithTheirVerdicts(String engine) throws Exception {
    ReliabilityTimeline t = timeline(engine);
    assertThat(t.entries())
        .extracting(e -> e.version().value())
        .containsExactly("1.2.0", "1.1.0", "1.0.0");
    assertThat(t.entries())
        .extracting(e -> e.verdict().orElseThrow().category())
        .containsExactly("needs-improvement", "looks-sketchy", "gold-star");
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem", "postgresql"})
  void chainOfCustodyShowsEachLinkFromTheStoredEvidence(String engine) throws Exception {
    ReliabilityTimeline t = timeline(engine);
    CustodyChain gold = t.entry(built.verified().version()).orElseThrow().custody();
    assertThat(gold.link(LinkKind.COMMIT_RECORDED).state()).isEqualTo(LinkState.CHECKED);
    assertThat(gold.link(LinkKind.RELEASE_TAG).state()).isEqualTo(LinkState.CHECKED);
    assertThat(gold.link(LinkKind.RELEASE_TAG).detail()).contains("v1.0.0");
    assertThat(gold.link(LinkKind.CONTENT_MATCH).state()).isEqualTo(LinkState.CHECKED);
    assertThat(gold.link(LinkKind.DEFAULT_BRANCH).state()).isEqualTo(LinkState.CHECKED);
    // the fixtures are verified without the registry API: no trusted-publishing record stored
    assertThat(gold.link(LinkKind.TRUSTED_PUBLISHING).state()).isEqualTo(LinkState.MISSING);

    CustodyChain tampered = t.entry(built.tampered().version()).orElseThrow().custody();
    assertThat(tampered.link(LinkKind.CONTENT_MATCH).state()).isEqualTo(LinkState.FAILED);
    assertThat(tampered.link(LinkKind.CONTENT_MATCH).detail())
        .contains("1 file differs")
        .contains("1 file not in repository");

    CustodyChain untagged = t.entry(built.untagged().version()).orElseThrow().custody();
    assertThat(untagged.link(LinkKind.RELEASE_TAG).state()).isEqualTo(LinkState.MISSING);
    assertThat(untagged.link(LinkKind.CONTENT_MATCH).state()).isEqualTo(LinkState.CHECKED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem", "postgresql"})
  void whatChangedComesFromTheSignalsAndTheStoredFileLists(String engine) throws Exception {
    ReliabilityTimeline t = timeline(engine);
    ReliabilityTimeline.Entry tampered = t.entry(built.tampered().version()).orElseThrow();
    ReliabilityTimeline.Step step = tampered.sincePrevious().orElseThrow();
    assertThat(step.base()).isEqualTo(CrateVersion.of("1.0.0"));
    assertThat(step.baseCategory()).contains("gold-star");
    assertThat(step.signals().appearedByGroup())
        .containsKeys(SignalChange.Group.NETWORK, SignalChange.Group.BUILD_SCRIPT);
    assertThat(step.signals().appearedByGroup().get(SignalChange.Group.OPAQUE_FILES))
        .extracting(s -> s.code())
        .anyMatch(c -> c.startsWith("binary-"));
    StoredFiles files = step.files().orElseThrow();
    assertThat(files.added()).contains("build.rs", "assets/payload.bin");
    assertThat(files.changed()).contains("src/lib.rs");
    assertThat(files.removed()).isEmpty();

    ReliabilityTimeline.Entry untagged = t.entry(built.untagged().version()).orElseThrow();
    assertThat(untagged.sincePrevious().orElseThrow().base()).isEqualTo(CrateVersion.of("1.1.0"));
    // the last version whose files matched is 1.0.0, not the tampered 1.1.0
    ReliabilityTimeline.Step sinceVerified = untagged.sinceLastVerified().orElseThrow();
    assertThat(sinceVerified.base()).isEqualTo(CrateVersion.of("1.0.0"));
    assertThat(sinceVerified.signals().appearedByGroup()).containsKey(SignalChange.Group.NETWORK);
    assertThat(untagged.sincePrevious().orElseThrow().signals().wentAway())
        .extracting(s -> s.code())
        .anyMatch(c -> c.startsWith("binary-"));
    assertThat(t.entry(built.verified().version()).orElseThrow().sincePrevious()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem", "postgresql"})
  void everyFlagCarriesItsReasonAndSource(String engine) throws Exception {
    ReliabilityTimeline t = timeline(engine);
    List<ReliabilityTimeline.Flag> flags =
        t.entry(built.tampered().version()).orElseThrow().flags();
    assertThat(flags)
        .anySatisfy(
            f -> {
              assertThat(f.kind()).isEqualTo("provenance");
              assertThat(f.code()).isEqualTo("files-differ");
              assertThat(f.reason()).isNotBlank();
              assertThat(f.source()).startsWith("verification by cratetrust-");
            });
    assertThat(flags)
        .anySatisfy(
            f -> {
              assertThat(f.kind()).isEqualTo("signal");
              assertThat(f.code()).isEqualTo("build-script-network");
            });
    assertThat(t.entry(built.verified().version()).orElseThrow().flags()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem", "postgresql"})
  void sourceDiffShowsTheStoredDiffsOfDifferingFiles(String engine) throws Exception {
    Database db = stores.open(engine);
    built.storeInto(db);
    var record =
        new VerificationResults(db)
            .ofCrate(built.tampered().name()).stream()
                .filter(r -> r.id().equals(built.tampered()))
                .findFirst()
                .orElseThrow();
    SourceDiff d = SourceDiff.of(record).orElseThrow();
    assertThat(d.hasDifferences()).isTrue();
    SourceDiff.FileEntry lib =
        d.files().stream().filter(f -> f.path().equals("src/lib.rs")).findFirst().orElseThrow();
    assertThat(lib.status()).isEqualTo("differs");
    assertThat(lib.diff().orElseThrow())
        .contains(ReliabilityFixture.MARKUP)
        .contains("+    a + b + 1");
    assertThat(d.files())
        .anySatisfy(
            f -> {
              assertThat(f.path()).isEqualTo("assets/payload.bin");
              assertThat(f.status()).isEqualTo("not-in-commit");
            });
    assertThat(d.matching()).isPositive();
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem"})
  void aCrateWithNothingStoredHasNoTimeline(String engine) throws Exception {
    Database db = stores.open(engine);
    assertThat(
            new ReliabilityData(db, WebTrustFormats.PARSERS).timeline(CrateName.of("nothing-here")))
        .isEmpty();
  }
}
