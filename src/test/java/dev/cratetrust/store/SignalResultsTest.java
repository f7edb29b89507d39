package dev.cratetrust.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cratetrust.crates.PackageId;
import dev.cratetrust.signals.Evidence;
import dev.cratetrust.signals.Severity;
import dev.cratetrust.signals.Signal;
import dev.cratetrust.testing.TestStores;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignalResultsTest {
  private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");
  private static final PackageId DEMO = PackageId.of("demo", "1.0.0");
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

  private static final Signal SHELL =
      new Signal(
          "build-script-spawns-shell",
          Severity.WARNING,
          "the build script runs a shell",
          List.of(Evidence.at("build.rs", 7, "Command::new(\"sh\")"), Evidence.ofFile("build.rs")));
  private static final Signal LOOK_ALIKE =
      Signal.of(
          "look-alike-name",
          Severity.NOTICE,
          "name resembles serde",
          Evidence.ofField("name", "sedre"));
  private static final Signal BUILD = Signal.of("build-script", Severity.INFO, "has build.rs");

  @ParameterizedTest
  @ValueSource(strings = {"mem", "file", "postgresql"})
  void roundTripsSignalsWithEvidenceAndReplacesTheSameKey(String kind) throws Exception {
    SignalResults results = new SignalResults(store(kind));
    results.upsert(new SignalRecord(DEMO, "signals-1", List.of(SHELL, LOOK_ALIKE, BUILD), T0));

    SignalRecord found = results.find(DEMO, "signals-1").orElseThrow();
    assertThat(found.signals()).containsExactly(SHELL, LOOK_ALIKE, BUILD);
    assertThat(found.computedAt()).isEqualTo(T0);
    assertThat(results.withCode("build-script-spawns-shell", "signals-1")).containsExactly(DEMO);

    results.upsert(new SignalRecord(DEMO, "signals-1", List.of(BUILD), T0.plusSeconds(5)));
    assertThat(results.find(DEMO, "signals-1").orElseThrow().signals()).containsExactly(BUILD);
    assertThat(results.withCode("build-script-spawns-shell", "signals-1")).isEmpty();
    assertThat(results.withCode("build-script", "signals-1")).containsExactly(DEMO);
    assertThat(results.find(DEMO, "signals-2")).isEmpty();
    assertThat(results.find(PackageId.of("demo", "1.0.1"), "signals-1")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem", "postgresql"})
  void versionsAreKeptApartAndLatestIsTheNewest(String kind) throws Exception {
    SignalResults results = new SignalResults(store(kind));
    results.upsert(new SignalRecord(DEMO, "signals-1", List.of(SHELL), T0));
    results.upsert(new SignalRecord(DEMO, "signals-2", List.of(), T0.plusSeconds(60)));
    assertThat(results.find(DEMO, "signals-1").orElseThrow().signals()).containsExactly(SHELL);
    SignalRecord latest = results.latest(DEMO).orElseThrow();
    assertThat(latest.signalsVersion()).isEqualTo("signals-2");
    assertThat(latest.signals()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "postgresql"})
  void concurrentUpsertsOfOneKeyLeaveOneConsistentRow(String kind) throws Exception {
    Database db = store(kind);
    SignalResults results = new SignalResults(db);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        List<Signal> s = i % 2 == 0 ? List.of(SHELL, BUILD) : List.of(LOOK_ALIKE);
        Instant at = T0.plusSeconds(i);
        futures.add(
            pool.submit(
                (Callable<Void>)
                    () -> {
                      results.upsert(new SignalRecord(DEMO, "signals-1", s, at));
                      return null;
                    }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    SignalRecord row = results.find(DEMO, "signals-1").orElseThrow();
    List<PackageId> shell = results.withCode("build-script-spawns-shell", "signals-1");
    List<PackageId> alike = results.withCode("look-alike-name", "signals-1");
    if (row.signals().size() == 2) {
      assertThat(shell).containsExactly(DEMO);
      assertThat(alike).isEmpty();
    } else {
      assertThat(row.signals()).containsExactly(LOOK_ALIKE);
      assertThat(alike).containsExactly(DEMO);
      assertThat(shell).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem"})
  void corruptStoredJsonIsAStoreErrorNamingTheCrate(String kind) throws Exception {
    Database db = store(kind);
    SignalResults results = new SignalResults(db);
    results.upsert(new SignalRecord(DEMO, "signals-1", List.of(BUILD), T0));
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement("UPDATE signal_result SET signals_json = '[{\"code\":1}]'")) {
      ps.executeUpdate();
    }
    assertThatThrownBy(() -> results.find(DEMO, "signals-1"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("demo@1.0.0")
        .hasMessageContaining("entry 0");
  }
}
