package dev.cratetrust.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.advisory.AdvisoryParser;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.store.AdvisoryRechecks;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.JobState;
import dev.cratetrust.store.ScanJob;
import dev.cratetrust.store.ScanJobs;
import dev.cratetrust.store.ScanJobs.NewJob;
import dev.cratetrust.store.VerificationResults;
import dev.cratetrust.testing.TestStores;
import dev.cratetrust.trust.Advisory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A new advisory queues a re-check of the stored versions it affects, and only those. */
class AdvisoryRechecksTest {
  @TempDir Path tmp;
  private TestStores stores;

  @AfterEach
  void closeAll() throws Exception {
    stores.closeAll();
  }

  private static Advisory advisory(String crate, String patched) throws Exception {
    return AdvisoryParser.parse(
        "RUSTSEC-2099-0001.md",
        "```toml\n[advisory]\nid = \"RUSTSEC-2099-0001\"\npackage = \""
            + crate
            + "\"\ndate = \"2099-01-01\"\n\n[versions]\npatched = [\""
            + patched
            + "\"]\n```\n\n# Test advisory\n\nDescription.\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem", "postgresql"})
  void affectedStoredVersionsAreQueuedAgainAheadOfBackgroundJobs(String kind) throws Exception {
    stores = new TestStores(tmp);
    Database db = stores.open(kind);
    ScanJobs jobs = new ScanJobs(db, ScanJobs.Policy.defaults());
    FakeVerifier verifier = new FakeVerifier();
    jobs.enqueue(
        List.of(
            new NewJob(PackageId.of("vuln", "1.0.0"), FakeVerifier.VERSION, "registry", "", 0),
            new NewJob(PackageId.of("vuln", "2.0.0"), FakeVerifier.VERSION, "registry", "", 0),
            new NewJob(PackageId.of("other", "1.0.0"), FakeVerifier.VERSION, "registry", "", 0)));
    new QueueWorker(
            jobs,
            new VerificationResults(db),
            verifier,
            1,
            25,
            Duration.ofMillis(10),
            "w",
            ScanProgress.silent())
        .run(QueueWorker.Mode.DRAIN);
    assertThat(jobs.counts().get(JobState.DONE)).isEqualTo(3);
    jobs.enqueue(
        List.of(
            new NewJob(
                PackageId.of("background", "1.0.0"), FakeVerifier.VERSION, "registry", "", 0),
            new NewJob(PackageId.of("vuln", "0.9.0"), FakeVerifier.VERSION, "registry", "", 50)));

    AdvisoryRechecks.Outcome o =
        new AdvisoryRechecks(db)
            .recheck(
                List.of(advisory("vuln", ">= 2.0.0")),
                FakeVerifier.VERSION,
                ScanTarget.RECHECK_PRIORITY);

    assertThat(o.affected()).isEqualTo(1);
    assertThat(o.requeued()).isEqualTo(1);
    List<ScanJob> queued = jobs.list(JobState.QUEUED, 10);
    assertThat(queued)
        .extracting(j -> j.target().toString())
        .containsExactly("vuln@1.0.0", "background@1.0.0", "vuln@0.9.0");
    assertThat(queued.getFirst().attempts()).isZero();

    // Verified again, the result replaces the stored one: still one row per version.
    new QueueWorker(
            jobs,
            new VerificationResults(db),
            verifier,
            1,
            25,
            Duration.ofMillis(10),
            "w",
            ScanProgress.silent())
        .run(QueueWorker.Mode.DRAIN);
    assertThat(verifier.calls()).filteredOn(c -> c.equals("vuln@1.0.0")).hasSize(2);
    assertThat(new VerificationResults(db).history(PackageId.of("vuln", "1.0.0"))).hasSize(1);
  }
}
