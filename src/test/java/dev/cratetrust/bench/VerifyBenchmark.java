package dev.cratetrust.bench;

import dev.cratetrust.verify.CrateVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Crates per second over the whole benchmark corpus: cratetrust in-process with a warm repository
 * cache, on one and on two threads, against the study's git-CLI method on the same crates.
 *
 * <p>The corpus comes from {@code -Dcratetrust.bench.corpus=DIR} (default {@code
 * target/bench/corpus}, built by {@code bench/run.sh}). Setup fails unless cratetrust (and, for the
 * study's benchmark, the study's method) finds every crate a gold star, so a broken verifier cannot
 * look fast. This measures speed only: it says nothing about correctness on real upstream
 * repositories.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 1, time = 10)
@Measurement(iterations = 3, time = 10)
public class VerifyBenchmark {
  private List<BenchCorpus.Entry> corpus;
  private Path scratch;
  private CrateVerifier verifier;

  @Setup
  public void setUp(BenchmarkParams params) throws Exception {
    boolean study = params.getBenchmark().endsWith("studyMethod1Thread");
    Path dir = Path.of(System.getProperty("cratetrust.bench.corpus", "target/bench/corpus"));
    corpus = BenchCorpus.load(dir);
    if (corpus.size() != BenchCorpus.SIZE) {
      throw new IllegalStateException(
          "corpus " + dir + " has " + corpus.size() + " crates, expected " + BenchCorpus.SIZE);
    }
    scratch = Files.createTempDirectory(dir.toAbsolutePath().getParent(), "jmh-");
    verifier = VerifyCorpusMain.verifier(scratch.resolve("cache"));
    for (BenchCorpus.Entry e : corpus) {
      String category =
          verifier
              .verifyArchive(e.crateFile(), Optional.of(e.bareRepo().toString()))
              .report()
              .category()
              .code();
      if (!category.equals("gold-star")) {
        throw new IllegalStateException(e.name() + " " + e.version() + ": cratetrust " + category);
      }
      StudyMethod.Outcome outcome =
          study ? VerifyCorpusMain.study(e, scratch).outcome() : StudyMethod.Outcome.GOLD_STAR;
      if (outcome != StudyMethod.Outcome.GOLD_STAR) {
        throw new IllegalStateException(e.name() + " " + e.version() + ": study " + outcome);
      }
    }
  }

  @TearDown
  public void tearDown() throws IOException {
    BenchCorpus.deleteTree(scratch);
  }

  @Benchmark
  @OperationsPerInvocation(BenchCorpus.SIZE)
  public void cratetrustWarm1Thread(Blackhole bh) throws Exception {
    for (BenchCorpus.Entry e : corpus) {
      bh.consume(verifier.verifyArchive(e.crateFile(), Optional.of(e.bareRepo().toString())));
    }
  }

  @Benchmark
  @OperationsPerInvocation(BenchCorpus.SIZE)
  public void cratetrustWarm2Threads(Blackhole bh) throws Exception {
    bh.consume(
        VerifyCorpusMain.parallel(
            corpus,
            2,
            e -> verifier.verifyArchive(e.crateFile(), Optional.of(e.bareRepo().toString()))));
  }

  @Benchmark
  @OperationsPerInvocation(BenchCorpus.SIZE)
  public void studyMethod1Thread(Blackhole bh) throws Exception {
    for (BenchCorpus.Entry e : corpus) {
      bh.consume(VerifyCorpusMain.study(e, scratch));
    }
  }
}
