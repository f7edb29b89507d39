package dev.cratetrust.bench;

import dev.cratetrust.git.FetchProgress;
import dev.cratetrust.git.Repositories;
import dev.cratetrust.git.RepositoryCache;
import dev.cratetrust.git.UrlRewrites;
import dev.cratetrust.provenance.ProvenanceChecker;
import dev.cratetrust.verify.CrateVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Whole-process corpus run: verifies every crate of the benchmark corpus in one JVM, with
 * cratetrust or with the study's method, and prints one tab-separated result line.
 *
 * <p>Usage: {@code VerifyCorpusMain CORPUS_DIR cratetrust|study THREADS SCRATCH_DIR}. For
 * cratetrust the repository cache is {@code SCRATCH_DIR/cache} (kept between runs: delete it for a
 * cold run). Output: {@code method threads crates seconds crates_per_second outcome=count...}.
 * Exits 1 when a crate does not come out as a gold star (the corpus is built so that all of them
 * should).
 */
public final class VerifyCorpusMain {
  private VerifyCorpusMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4 || !(args[1].equals("cratetrust") || args[1].equals("study"))) {
      System.err.println("usage: VerifyCorpusMain CORPUS_DIR cratetrust|study THREADS SCRATCH_DIR");
      System.exit(2);
    }
    List<BenchCorpus.Entry> corpus = BenchCorpus.load(Path.of(args[0]));
    boolean study = args[1].equals("study");
    int threads = Integer.parseInt(args[2]);
    Path scratch = Path.of(args[3]);
    Files.createDirectories(scratch);
    long start = System.nanoTime();
    List<String> outcomes =
        study
            ? runStudy(corpus, threads, scratch)
            : runCratetrust(corpus, threads, scratch.resolve("cache"));
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Integer> counts = new TreeMap<>();
    outcomes.forEach(o -> counts.merge(o, 1, Integer::sum));
    StringBuilder line = new StringBuilder();
    line.append(args[1]).append('\t').append(threads).append('\t').append(corpus.size());
    line.append('\t').append(String.format("%.3f", seconds));
    line.append('\t').append(String.format("%.2f", corpus.size() / seconds));
    counts.forEach((k, v) -> line.append('\t').append(k).append('=').append(v));
    System.out.println(line);
    String gold = study ? StudyMethod.Outcome.GOLD_STAR.name() : "gold-star";
    if (counts.getOrDefault(gold, 0) != corpus.size()) {
      System.exit(1);
    }
  }

  /** The category code of each crate, verified by cratetrust on {@code threads} threads. */
  static List<String> runCratetrust(List<BenchCorpus.Entry> corpus, int threads, Path cacheDir)
      throws Exception {
    CrateVerifier verifier = verifier(cacheDir);
    return parallel(
        corpus,
        threads,
        e ->
            verifier
                .verifyArchive(e.crateFile(), Optional.of(e.bareRepo().toString()))
                .report()
                .category()
                .code());
  }

  /** The study's outcome for each crate, on {@code threads} threads. */
  static List<String> runStudy(List<BenchCorpus.Entry> corpus, int threads, Path tmp)
      throws Exception {
    return parallel(corpus, threads, e -> study(e, tmp).outcome().name());
  }

  static StudyMethod.Result study(BenchCorpus.Entry e, Path tmp)
      throws IOException, InterruptedException {
    return StudyMethod.check(e.name(), e.version(), e.crateFile(), e.bareRepo().toString(), tmp);
  }

  /** A verifier as {@code cratetrust verify --crate-file F --repo PATH --no-store} builds it. */
  static CrateVerifier verifier(Path cacheDir) {
    Repositories repositories =
        Repositories.withDefaults(
            new RepositoryCache(cacheDir), UrlRewrites.none(), FetchProgress.none());
    return new CrateVerifier(
        Optional.empty(), repositories, new ProvenanceChecker(), Clock.systemUTC(), false);
  }

  interface Task<T> {
    T run(BenchCorpus.Entry e) throws Exception;
  }

  static <T> List<T> parallel(List<BenchCorpus.Entry> corpus, int threads, Task<T> task)
      throws Exception {
    if (threads == 1) {
      List<T> out = new ArrayList<>(corpus.size());
      for (BenchCorpus.Entry e : corpus) {
        out.add(task.run(e));
      }
      return out;
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<T>> futures = new ArrayList<>();
      for (BenchCorpus.Entry e : corpus) {
        futures.add(pool.submit(() -> task.run(e)));
      }
      List<T> out = new ArrayList<>(corpus.size());
      for (Future<T> f : futures) {
        out.add(f.get());
      }
      return out;
    }
  }
}
