package dev.cratetrust.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.testing.TestStores;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VerificationResultsTest {
  private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");
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

  private static VerificationRecord rec(
      String name, String version, String verifier, String category, Instant at, String... r) {
    return new VerificationRecord(
        PackageId.of(name, version),
        verifier,
        category,
        List.of(r),
        Optional.of(CommitId.of("a".repeat(40))),
        "registry",
        "{\"crate\":\"" + name + "\"}",
        at);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem", "file", "postgresql"})
  void upsertReplacesTheRowOfTheSameKeyAndKeepsOtherVerifierVersions(String kind) throws Exception {
    VerificationResults results = new VerificationResults(store(kind));
    results.upsert(rec("serde", "1.0.0", "0.1.0", "needs-improvement", T0, "no-release-tag"));
    results.upsert(rec("serde", "1.0.0", "0.1.0", "gold-star", T0.plusSeconds(5)));
    results.upsert(
        rec("serde", "1.0.0", "0.2.0", "looks-sketchy", T0.plusSeconds(9), "files-differ"));

    assertThat(results.count()).isEqualTo(2);
    VerificationRecord found = results.find(PackageId.of("serde", "1.0.0"), "0.1.0").orElseThrow();
    assertThat(found.category()).isEqualTo("gold-star");
    assertThat(found.reasons()).isEmpty();
    assertThat(found.verifiedAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(found.commit()).contains(CommitId.of("a".repeat(40)));
    assertThat(results.find(PackageId.of("serde", "1.0.0"), "9.9.9")).isEmpty();
    assertThat(results.history(PackageId.of("serde", "1.0.0")))
        .extracting(VerificationRecord::verifierVersion)
        .containsExactly("0.2.0", "0.1.0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem", "postgresql"})
  void roundTripsEveryField(String kind) throws Exception {
    VerificationResults results = new VerificationResults(store(kind));
    VerificationRecord r =
        new VerificationRecord(
            PackageId.of("curl-sys", "0.4.45+curl-7.78.0"),
            "0.1.0",
            "needs-improvement",
            List.of("no-release-tag", "no-tag-at-all"),
            Optional.empty(),
            "/vendor/curl-sys",
            "{\"evidence\":\"ü\\n\"}",
            T0.plusMillis(123));
    results.upsert(r);
    assertThat(results.find(r.id(), "0.1.0")).contains(r);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem", "postgresql"})
  void latestPerVersionAndPerCrate(String kind) throws Exception {
    VerificationResults results = new VerificationResults(store(kind));
    results.upsert(rec("rand", "0.8.0", "0.1.0", "gold-star", T0));
    results.upsert(rec("rand", "0.8.0", "0.2.0", "looks-sketchy", T0.plusSeconds(1), "dirty"));
    results.upsert(rec("rand", "0.7.0", "0.1.0", "gold-star", T0.plusSeconds(2)));
    results.upsert(rec("anyhow", "1.0.0", "0.1.0", "gold-star", T0));

    assertThat(results.latestPerVersion())
        .extracting(r -> r.id().toString() + " " + r.category())
        .containsExactly(
            "anyhow@1.0.0 gold-star", "rand@0.7.0 gold-star", "rand@0.8.0 looks-sketchy");
    assertThat(results.latestPerCrate())
        .extracting(r -> r.id().toString())
        .containsExactly("anyhow@1.0.0", "rand@0.7.0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "postgresql"})
  void concurrentUpsertsOfOneKeyLeaveOneRow(String kind) throws Exception {
    VerificationResults results = new VerificationResults(store(kind));
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Instant at = T0.plusSeconds(i);
      tasks.add(
          () -> {
            results.upsert(rec("tokio", "1.0.0", "0.1.0", "gold-star", at));
            return null;
          });
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      for (Future<Void> f : pool.invokeAll(tasks)) {
        f.get();
      }
    }
    assertThat(results.count()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem"})
  void rejectsReasonsThatCannotBeStoredAndNamesTheCrate(String kind) throws Exception {
    assertThatThrownBy(() -> rec("x", "1.0.0", "0.1.0", "gold-star", T0, "a,b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x@1.0.0")
        .hasMessageContaining("'a,b'");
    VerificationResults results = new VerificationResults(store(kind));
    String[] many = new String[100];
    java.util.Arrays.fill(many, "files-not-in-repository");
    assertThatThrownBy(() -> results.upsert(rec("x", "1.0.0", "0.1.0", "looks-sketchy", T0, many)))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("x@1.0.0")
        .hasMessageContaining("longer than 2000");
    assertThat(results.count()).isZero();
  }
}
