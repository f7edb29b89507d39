package dev.cratetrust.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.PackageId;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.registry.ArchiveLimits;
import dev.cratetrust.registry.Registry;
import dev.cratetrust.registry.RegistryHttp;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.TrustFactsRepository;
import dev.cratetrust.store.VerificationRecord;
import dev.cratetrust.store.VerificationResults;
import dev.cratetrust.testing.FakeRegistry;
import dev.cratetrust.testing.FakeRegistry.Options;
import dev.cratetrust.testing.MaliciousArchiveBuilder;
import dev.cratetrust.trust.CargoLock;
import dev.cratetrust.trust.PolicyEvaluator.PackageFacts;
import dev.cratetrust.trust.ProvenanceFact;
import dev.cratetrust.trust.ProvenanceFact.ProvenanceClass;
import dev.cratetrust.trust.YankedFact;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockfileFactsCompleterTest {
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
  private static final String VERSION = "test-verifier-1";

  @TempDir Path tmp;
  private final FakeRegistry fake = FakeRegistry.start();
  private final Map<PackageId, String> checksums = new ConcurrentHashMap<>();
  private final List<String> events = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void stop() {
    fake.close();
  }

  private PackageId publish(String name, boolean yanked) {
    PackageId id = PackageId.of(name, "1.0.0");
    FakeRegistry.Published p =
        fake.publish(
            id,
            MaliciousArchiveBuilder.crate(name, "1.0.0").build(),
            Options.defaults().yanked(yanked));
    checksums.put(id, p.cksum());
    return id;
  }

  private List<PackageFacts> stored(Database d, PackageId... ids) throws Exception {
    StringBuilder lock = new StringBuilder("version = 3\n");
    for (PackageId id : ids) {
      lock.append("\n[[package]]\nname = \"")
          .append(id.name().value())
          .append("\"\nversion = \"")
          .append(id.version())
          .append("\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n")
          .append("checksum = \"")
          .append(checksums.get(id))
          .append("\"\n");
    }
    return new TrustFactsRepository(d, dev.cratetrust.cli.TrustFormats.PARSERS)
        .factsFor(CargoLock.parse("Cargo.lock", lock.toString()).packages());
  }

  private static VerificationRecord record(PackageId id, String sha256) {
    return new VerificationRecord(
        id,
        VERSION,
        "gold-star",
        List.of(),
        Optional.empty(),
        "test",
        "{}",
        NOW,
        VerificationRecord.CRATES_IO,
        sha256,
        "");
  }

  private LockfileFactsCompleter completer(
      Database d, LockfileFactsCompleter.PublishedVerifier verifier) throws Exception {
    Registry reg =
        Registry.sparse(
            fake.indexUrl(), Optional.empty(), RegistryHttp.defaults(), ArchiveLimits.defaults());
    return new LockfileFactsCompleter(
        reg,
        fake.indexUrl(),
        verifier,
        VERSION,
        d,
        Clock.fixed(NOW, ZoneOffset.UTC),
        2,
        new LockfileFactsCompleter.Progress() {
          @Override
          public void verifying(long count, String verifierVersion, int jobs) {
            events.add("verifying " + count + " " + verifierVersion + " " + jobs);
          }

          @Override
          public void learned(PackageId id, ProvenanceFact fact) {
            events.add("learned " + id + " " + fact.category().code());
          }

          @Override
          public void internalError(PackageId id, Throwable error) {
            events.add("bug " + id + " " + error.getMessage());
          }
        });
  }

  private static ProvenanceFact provenance(List<PackageFacts> facts, String name) {
    return facts.stream()
        .filter(f -> f.pkg().name().value().equals(name))
        .findFirst()
        .orElseThrow()
        .provenance();
  }

  @Test
  void verifiesWhatHasNoStoredResultStoresItAndReadsYankedFlags() throws Exception {
    PackageId a = publish("aaa", true);
    PackageId b = publish("bbb", false);
    AtomicInteger calls = new AtomicInteger();
    try (Database d = Database.open(tmp.resolve("db").toString())) {
      LockfileFactsCompleter c =
          completer(
              d,
              id -> {
                calls.incrementAndGet();
                return record(id, checksums.get(id));
              });
      List<PackageFacts> done = c.complete(stored(d, a, b));
      assertThat(done).extracting(f -> f.pkg().name().value()).containsExactly("aaa", "bbb");
      assertThat(provenance(done, "aaa").category()).isEqualTo(ProvenanceClass.GOLD_STAR);
      assertThat(done.get(0).yanked().state()).isEqualTo(YankedFact.State.YANKED);
      assertThat(done.get(1).yanked().state()).isEqualTo(YankedFact.State.NOT_YANKED);
      assertThat(events).contains("verifying 2 " + VERSION + " 2", "learned " + a + " gold-star");
      assertThat(new VerificationResults(d).find(a, VERSION)).isPresent();
      assertThat(calls).hasValue(2);

      events.clear();
      List<PackageFacts> again = c.complete(stored(d, a, b));
      assertThat(calls).as("stored results of the locked archive are reused").hasValue(2);
      assertThat(events).noneMatch(e -> e.startsWith("verifying"));
      assertThat(provenance(again, "bbb").category()).isEqualTo(ProvenanceClass.GOLD_STAR);
    }
  }

  @Test
  void anArchiveOtherThanTheLockedOneIsUnknownWithBothChecksums() throws Exception {
    PackageId a = publish("aaa", false);
    try (Database d = Database.open(tmp.resolve("db").toString())) {
      List<PackageFacts> done =
          completer(d, id -> record(id, "00".repeat(32))).complete(stored(d, a));
      ProvenanceFact p = provenance(done, "aaa");
      assertThat(p.category()).isEqualTo(ProvenanceClass.UNKNOWN);
      assertThat(p.problem().orElseThrow())
          .contains("is not the locked one", "00".repeat(32), checksums.get(a));
    }
  }

  @Test
  void failuresAndBugsLeaveThatVersionUnknownAndTheOthersChecked() throws Exception {
    PackageId ok = publish("aaa", false);
    PackageId down = publish("bbb", false);
    PackageId bug = publish("ccc", false);
    try (Database d = Database.open(tmp.resolve("db").toString())) {
      List<PackageFacts> done =
          completer(
                  d,
                  id -> {
                    if (id.equals(down)) {
                      throw new UnavailableException("fetch repository: host unreachable");
                    }
                    if (id.equals(bug)) {
                      throw new IllegalStateException("planted bug");
                    }
                    return record(id, checksums.get(id));
                  })
              .complete(stored(d, ok, down, bug));
      assertThat(provenance(done, "aaa").category()).isEqualTo(ProvenanceClass.GOLD_STAR);
      assertThat(provenance(done, "bbb").problem().orElseThrow())
          .isEqualTo("verify " + down + ": fetch repository: host unreachable");
      assertThat(provenance(done, "ccc").problem().orElseThrow())
          .contains("internal error (a bug)", "planted bug");
      assertThat(events).contains("bug " + bug + " planted bug");
    }
  }
}
