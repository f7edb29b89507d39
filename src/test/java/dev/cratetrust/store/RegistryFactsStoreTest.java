package dev.cratetrust.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.CrateFile;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.registry.DbDumpException;
import dev.cratetrust.signals.RegistryFacts;
import dev.cratetrust.testing.DbDumpBuilder;
import dev.cratetrust.testing.TestStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegistryFactsStoreTest {
  private static final Instant NOW = Instant.parse("2026-11-21T02:00:17Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  @TempDir Path tmp;
  private TestStores stores;

  @org.junit.jupiter.api.BeforeEach
  void openStores() {
    stores = new TestStores(tmp);
  }

  @AfterEach
  void closeAll() throws Exception {
    stores.closeAll();
  }

  private Database store(String kind) throws Exception {
    return stores.open(kind);
  }

  /** serde is popular; sedre is a fresh look-alike by mallory, who also made 11 other crates. */
  static DbDumpBuilder ecosystem() {
    List<DbDumpBuilder.Crate> crates = new ArrayList<>();
    crates.add(
        DbDumpBuilder.Crate.of(
            "serde", "https://github.com/serde-rs/serde", 900_000_000, "1.0.0", "1.0.1"));
    crates.add(
        new DbDumpBuilder.Crate(
            "demo",
            null,
            50_000,
            List.of(
                new DbDumpBuilder.Version("1.0.0", false, Instant.parse("2022-01-10T00:00:00Z")),
                new DbDumpBuilder.Version("1.1.0", true, NOW.minus(Duration.ofDays(2)))),
            null,
            "demo"));
    crates.add(
        new DbDumpBuilder.Crate(
            "sedre",
            null,
            12,
            List.of(new DbDumpBuilder.Version("0.1.0", false, NOW.minus(Duration.ofDays(3)))),
            null,
            "sedre"));
    for (int i = 0; i < 11; i++) {
      crates.add(
          new DbDumpBuilder.Crate(
              "spam-" + i,
              null,
              1,
              List.of(new DbDumpBuilder.Version("0.1.0", false, NOW.minus(Duration.ofDays(4)))),
              null,
              "spam"));
    }
    DbDumpBuilder b =
        DbDumpBuilder.of(crates)
            .owners("serde", "dtolnay", "github:serde-rs:publish")
            .owners("demo", "alice", "mallory")
            .publishedBy("serde", "1.0.0", "dtolnay")
            .publishedBy("serde", "1.0.1", "dtolnay")
            .publishedBy("demo", "1.0.0", "alice")
            .publishedBy("demo", "1.1.0", "mallory")
            .publishedBy("sedre", "0.1.0", "mallory")
            .createdAt("demo", Instant.parse("2022-01-10T00:00:00Z"))
            .createdAt("sedre", NOW.minus(Duration.ofDays(3)));
    for (int i = 0; i < 11; i++) {
      b.publishedBy("spam-" + i, "0.1.0", "mallory")
          .createdAt("spam-" + i, NOW.minus(Duration.ofDays(4)));
    }
    return b;
  }

  static CrateContents demo(String version, String deps) {
    String manifest =
        "[package]\nname = \"demo\"\nversion = \"" + version + "\"\n\n[dependencies]\n" + deps;
    return new CrateContents(
        PackageId.of("demo", version),
        List.of(new CrateFile("Cargo.toml", manifest.getBytes(StandardCharsets.UTF_8), false)),
        "test",
        Optional.empty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem", "postgresql"})
  void importsCratesReleasesPublishersAndOwnersAndAnswersFacts(String kind) throws Exception {
    RegistryFactsStore store = new RegistryFactsStore(store(kind), CLOCK);
    Path dump = ecosystem().write(tmp.resolve("db-dump.tar.gz"));
    RegistryFactsStore.Import i = store.importDump(dump);
    assertThat(i.crates()).isEqualTo(14);
    assertThat(i.releases()).isEqualTo(16);
    assertThat(i.owners()).isEqualTo(4);
    assertThat(i.dumpTime()).isEqualTo(Instant.parse("2026-11-21T02:00:17.425343Z"));
    assertThat(store.lastImport()).contains(i);

    RegistryFacts f =
        store.facts(demo("1.1.0", "sedre = \"0.1\"\nserde = \"1\"\n"), 1).orElseThrow();
    assertThat(f.crateCreatedAt()).contains(Instant.parse("2022-01-10T00:00:00Z"));
    assertThat(f.releases())
        .extracting(
            RegistryFacts.Release::version, r -> r.publishedBy().orElse(""), r -> r.yanked())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("1.0.0", "alice", false),
            org.assertj.core.groups.Tuple.tuple("1.1.0", "mallory", true));
    assertThat(f.owners()).containsExactly("alice", "mallory");
    assertThat(f.previousOwners()).isEmpty();
    assertThat(f.publisherActivity())
        .hasValueSatisfying(
            a -> {
              assertThat(a.publisher()).isEqualTo("mallory");
              assertThat(a.newCrates()).isEqualTo(12);
            });
    assertThat(f.popularCrates()).containsExactly("serde");
    assertThat(store.facts(demo("1.1.0", ""), 1000).orElseThrow().popularCrates())
        .as("demo (50,000 downloads) is ranked but below the popularity floor")
        .containsExactly("serde");
    assertThat(f.dependencies())
        .extracting(RegistryFacts.DependencyFacts::name, d -> d.downloads().getAsLong())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("sedre", 12L),
            org.assertj.core.groups.Tuple.tuple("serde", 900_000_000L));
    assertThat(f.dependencies().get(0).createdAt()).contains(NOW.minus(Duration.ofDays(3)));

    RegistryFacts serde =
        store
            .facts(
                new CrateContents(
                    PackageId.of("serde", "1.0.1"), List.of(), "test", Optional.empty()),
                1000)
            .orElseThrow();
    assertThat(serde.owners()).containsExactly("dtolnay", "github:serde-rs:publish");
    assertThat(serde.publisherActivity().orElseThrow().newCrates()).isZero();
    assertThat(
            store.facts(
                new CrateContents(
                    PackageId.of("unknown", "1.0.0"), List.of(), "test", Optional.empty()),
                10))
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem"})
  void aNewImportReplacesTheOldAndABrokenDumpKeepsIt(String kind) throws Exception {
    RegistryFactsStore store = new RegistryFactsStore(store(kind), CLOCK);
    store.importDump(ecosystem().write(tmp.resolve("a.tar.gz")));
    store.importDump(
        DbDumpBuilder.of(List.of(DbDumpBuilder.Crate.of("other", null, 5, "0.1.0")))
            .write(tmp.resolve("b.tar.gz")));
    assertThat(store.facts(demo("1.1.0", ""), 10)).isEmpty();
    assertThat(store.lastImport().orElseThrow().crates()).isEqualTo(1);

    Path broken = Files.writeString(tmp.resolve("broken.tar.gz"), "not a dump");
    assertThatThrownBy(() -> store.importDump(broken))
        .isInstanceOf(DbDumpException.class)
        .hasMessageContaining(broken.toString());
    assertThat(store.lastImport().orElseThrow().crates()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem"})
  void nothingImportedMeansNoFacts(String kind) throws Exception {
    RegistryFactsStore store = new RegistryFactsStore(store(kind), CLOCK);
    assertThat(store.lastImport()).isEmpty();
    assertThat(store.facts(demo("1.1.0", ""), 10)).isEmpty();
  }
}
