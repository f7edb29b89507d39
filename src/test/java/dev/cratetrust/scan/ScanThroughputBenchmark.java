package dev.cratetrust.scan;

import dev.cratetrust.cli.Main;
import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.testing.DbDumpBuilder;
import dev.cratetrust.testing.DbDumpBuilder.Crate;
import dev.cratetrust.testing.FakeRegistry;
import dev.cratetrust.testing.GitHttpServer;
import dev.cratetrust.testing.MaliciousArchiveBuilder;
import dev.cratetrust.testing.TestGitRepos;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;

/**
 * Scan throughput on a synthetic ecosystem served on loopback (registry + smart-HTTP git): {@code
 * cratetrust scan --jobs N} against the 2021 study's per-crate procedure run sequentially in the
 * same invocation. The baseline is {@link StudyGitCli} (the study's git command lines); {@code
 * --jgit} also runs the earlier in-process JGit variant of the same steps, for comparison only.
 *
 * <p>Args: {@code CRATES REPOS JOBS [LATENCY_MS ...] [--jgit] [--scan-only] [--launcher=PATH]}.
 * With {@code --launcher=./cratetrust} the scan runs as its own process through the launcher, as a
 * user runs it (its JVM options, start-up cache and start-up time included); without it the scan
 * runs inside this JVM (for profiling). Each latency value is one configuration: every HTTP request
 * to the registry and to the git server waits that long before it is answered, a model of one
 * network round trip per request (no connection set-up or TLS cost is modelled, which favours the
 * baseline: it opens a new connection for every git command).
 */
public final class ScanThroughputBenchmark {
  private static final String BASE = "https://example.invalid/";

  private ScanThroughputBenchmark() {}

  record Spec(PackageId id, String repo, String folder, CommitId commit) {}

  public static void main(String[] args) throws Exception {
    List<String> flags = java.util.Arrays.stream(args).filter(a -> a.startsWith("--")).toList();
    List<String> nums = java.util.Arrays.stream(args).filter(a -> !a.startsWith("--")).toList();
    int crates = nums.size() > 0 ? Integer.parseInt(nums.get(0)) : 1000;
    int repos = nums.size() > 1 ? Integer.parseInt(nums.get(1)) : 200;
    int jobs = nums.size() > 2 ? Integer.parseInt(nums.get(2)) : 8;
    List<Integer> latencies =
        nums.size() > 3
            ? nums.subList(3, nums.size()).stream().map(Integer::parseInt).toList()
            : List.of(0);
    boolean jgit = flags.contains("--jgit");
    boolean scanOnly = flags.contains("--scan-only");
    String launcher =
        flags.stream()
            .filter(f -> f.startsWith("--launcher="))
            .map(f -> f.substring("--launcher=".length()))
            .findFirst()
            .orElse(null);
    if (launcher != null) {
      // Builds the jar and records the start-up cache outside the timed runs, as a user's first
      // command would.
      int code = new ProcessBuilder(launcher, "--help").inheritIO().start().waitFor();
      if (code != 0) {
        throw new IllegalStateException(launcher + " --help exited with " + code);
      }
    }
    Path root =
        Files.createTempDirectory(
            Path.of(System.getProperty("bench.root", "target")), "scan-bench");
    Path served = Files.createDirectories(root.resolve("served"));
    long t0 = System.nanoTime();
    List<Spec> specs = new ArrayList<>();
    int perRepo = (crates + repos - 1) / repos;
    for (int r = 0; r < repos; r++) {
      String repo = "repo" + r + ".git";
      try (TestGitRepos g = TestGitRepos.pushBare(served, repo)) {
        TestGitRepos.Commit c = g.on("main");
        List<String> names = new ArrayList<>();
        for (int k = 0; k < perRepo && specs.size() + names.size() < crates; k++) {
          String name = "bench" + r + "_" + k;
          names.add(name);
          c.file(name + "/Cargo.toml", manifest(name, repo));
          for (String f : files(name)) {
            c.file(name + "/" + f, body(name, f));
          }
        }
        CommitId commit = c.commit("release");
        for (String name : names) {
          g.lightweightTag(name + "-v0.1.0", commit);
          specs.add(new Spec(PackageId.of(name, "0.1.0"), repo, name, commit));
        }
      }
    }
    System.out.printf(
        "ecosystem: %d crates in %d repositories built in %.1f s%n",
        specs.size(), repos, (System.nanoTime() - t0) / 1e9);
    try (GitHttpServer git = new GitHttpServer(served);
        FakeRegistry registry = FakeRegistry.start()) {
      List<Crate> dump = new ArrayList<>();
      long downloads = specs.size();
      for (Spec s : specs) {
        registry.publish(s.id(), crate(s));
        dump.add(Crate.of(s.id().name().value(), BASE + s.repo(), downloads--, "0.1.0"));
      }
      Path dumpFile = DbDumpBuilder.of(dump).write(root.resolve("db-dump.tar.gz"));
      HttpClient http = HttpClient.newHttpClient();
      StudyGitCli study = new StudyGitCli(http, Files.createDirectories(root.resolve("study")));
      for (Spec s : specs.subList(0, Math.min(20, specs.size()))) {
        studyCli(study, registry, git, s);
        if (jgit) {
          studyProcedure(http, registry, git, s, root.resolve("warmup"));
        }
      }
      int round = 0;
      for (int latency : latencies) {
        round++;
        git.latency(java.time.Duration.ofMillis(latency));
        registry.latency(java.time.Duration.ofMillis(latency));
        int gitBefore = git.requests().size();
        int regBefore = registry.requests().size();
        Cpu c0 = Cpu.now();
        long s0 = System.nanoTime();
        Path store = root.resolve("store" + round);
        String[] scanArgs = {
          "scan",
          "--db-dump",
          dumpFile.toString(),
          "--top",
          "" + specs.size(),
          "--index",
          registry.indexUrl(),
          "--git-rewrite",
          BASE + "=" + git.baseUrl() + "/",
          "--db",
          store.toString(),
          "--cache-dir",
          root.resolve("cache" + round).toString(),
          "--jobs",
          "" + jobs
        };
        String out;
        int code;
        if (launcher != null) {
          Path log = root.resolve("scan" + round + ".log");
          List<String> command = new ArrayList<>(List.of(launcher));
          command.addAll(List.of(scanArgs));
          code =
              new ProcessBuilder(command)
                  .redirectErrorStream(true)
                  .redirectOutput(log.toFile())
                  .start()
                  .waitFor();
          out = Files.readString(log);
        } else {
          StringWriter w = new StringWriter();
          code = Main.run(scanArgs, new PrintWriter(w, true), new PrintWriter(w, true));
          out = w.toString();
        }
        double scanSecs = (System.nanoTime() - s0) / 1e9;
        Cpu scanCpu = Cpu.now().minus(c0);
        if (code != 0) {
          throw new IllegalStateException("scan failed: " + out);
        }
        if (Boolean.getBoolean("bench.requests")) {
          git.requests().subList(gitBefore, git.requests().size()).forEach(System.out::println);
        }
        int scanGit = git.requests().size() - gitBefore;
        int scanReg = registry.requests().size() - regBefore;
        StringWriter rep = new StringWriter();
        Main.run(
            new String[] {"report", "--db", store.toString()},
            new PrintWriter(rep, true),
            new PrintWriter(rep, true));
        String goldLine =
            rep.toString().lines().filter(l -> l.startsWith("gold star")).findFirst().orElse("?");
        System.out.printf(
            "[latency %d ms] cratetrust scan --jobs %d: %d crates in %.1f s = %.1f crates/s (%s)%n",
            latency,
            jobs,
            specs.size(),
            scanSecs,
            specs.size() / scanSecs,
            goldLine.replaceAll("\\s+", " "));
        System.out.printf(
            "[latency %d ms] scan requests: %d git, %d registry%n", latency, scanGit, scanReg);
        System.out.printf("[latency %d ms] scan CPU: %s%n", latency, scanCpu);
        if (Boolean.getBoolean("bench.threads")) {
          threadCpu();
        }
        if (scanOnly) {
          continue;
        }
        gitBefore = git.requests().size();
        regBefore = registry.requests().size();
        Cpu q0Cpu = Cpu.now();
        long q0 = System.nanoTime();
        int studyGold = 0;
        for (Spec s : specs) {
          if (studyCli(study, registry, git, s).goldStar()) {
            studyGold++;
          }
        }
        double studySecs = (System.nanoTime() - q0) / 1e9;
        Cpu studyCpu = Cpu.now().minus(q0Cpu);
        System.out.printf(
            "[latency %d ms] baseline, study procedure with the git CLI, sequential: %d crates in"
                + " %.1f s = %.2f crates/s (%d gold star)%n",
            latency, specs.size(), studySecs, specs.size() / studySecs, studyGold);
        System.out.printf(
            "[latency %d ms] baseline requests: %d git, %d registry%n",
            latency, git.requests().size() - gitBefore, registry.requests().size() - regBefore);
        System.out.printf("[latency %d ms] baseline CPU: %s%n", latency, studyCpu);
        System.out.printf(
            "[latency %d ms] speed-up over the git-CLI baseline: %.1fx%n",
            latency, studySecs / scanSecs);
        if (jgit) {
          long j0 = System.nanoTime();
          int jgitGold = 0;
          for (Spec s : specs) {
            if (studyProcedure(http, registry, git, s, root.resolve("jgit"))) {
              jgitGold++;
            }
          }
          double jgitSecs = (System.nanoTime() - j0) / 1e9;
          System.out.printf(
              "[latency %d ms] variant, study procedure in-process with JGit, sequential: %d"
                  + " crates in %.1f s = %.2f crates/s (%d tag+blob matches); scan is %.1fx%n",
              latency,
              specs.size(),
              jgitSecs,
              specs.size() / jgitSecs,
              jgitGold,
              jgitSecs / scanSecs);
        }
      }
      System.out.printf(
          "%d cpus, java %s%n",
          Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    } finally {
      deleteTree(root);
    }
  }

  /**
   * CPU seconds used by this JVM and by its finished child processes (the git server's CGI
   * processes, and the baseline's git commands), from {@code /proc/self/stat}.
   */
  record Cpu(double jvm, double children) {
    static Cpu now() throws java.io.IOException {
      String[] f = statFields(Path.of("/proc/self/stat"));
      return new Cpu(seconds(f, 11, 12), seconds(f, 13, 14));
    }

    /** The fields after the command name of a {@code stat} file (field 3 of proc(5) first). */
    static String[] statFields(Path stat) throws java.io.IOException {
      String s = Files.readString(stat);
      return s.substring(s.lastIndexOf(')') + 2).split(" ");
    }

    /** utime=14, stime=15, cutime=16, cstime=17 in proc(5) numbering; 100 ticks per second. */
    static double seconds(String[] fields, int a, int b) {
      return (Long.parseLong(fields[a]) + Long.parseLong(fields[b])) / 100.0;
    }

    Cpu minus(Cpu o) {
      return new Cpu(jvm - o.jvm, children - o.children);
    }

    @Override
    public String toString() {
      return String.format("%.1f s in this JVM, %.1f s in child processes", jvm, children);
    }
  }

  /**
   * Prints CPU seconds per live thread group since this JVM started (JIT, GC, pools; digits in
   * thread names folded), so the ecosystem build is included.
   */
  private static void threadCpu() throws java.io.IOException {
    java.util.Map<String, Double> byName = new java.util.TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path t : tasks.toList()) {
        try {
          String name = Files.readString(t.resolve("comm")).strip();
          double cpu = Cpu.seconds(Cpu.statFields(t.resolve("stat")), 11, 12);
          byName.merge(name.replaceAll("[0-9]+", "#"), cpu, Double::sum);
        } catch (java.io.IOException e) {
          // the thread ended
        }
      }
    }
    byName.entrySet().stream()
        .sorted(java.util.Map.Entry.<String, Double>comparingByValue().reversed())
        .limit(15)
        .forEach(e -> System.out.printf("  thread %-24s %.1f s%n", e.getKey(), e.getValue()));
  }

  private static StudyGitCli.Result studyCli(
      StudyGitCli study, FakeRegistry registry, GitHttpServer git, Spec s) throws Exception {
    return study.inspect(
        s.id().name().value(),
        s.id().version().value(),
        registry.baseUrl() + FakeRegistry.cratePath(s.id()),
        git.url(s.repo()));
  }

  /** The JGit variant of the study's steps, each crate in a fresh repository (no cache). */
  static boolean studyProcedure(
      HttpClient http, FakeRegistry registry, GitHttpServer git, Spec s, Path work)
      throws Exception {
    byte[] crate =
        http.send(
                HttpRequest.newBuilder(
                        URI.create(registry.baseUrl() + FakeRegistry.cratePath(s.id())))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray())
            .body();
    String sha = null;
    List<byte[]> rs = new ArrayList<>();
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(crate)))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        byte[] data = tar.readAllBytes();
        if (e.getName().endsWith(".cargo_vcs_info.json")) {
          String j = new String(data, StandardCharsets.UTF_8);
          int i = j.indexOf("\"sha1\": \"") + 9;
          sha = j.substring(i, i + 40);
        } else if (e.getName().endsWith(".rs")) {
          rs.add(data);
        }
      }
    }
    Path dir = Files.createDirectories(work).resolve(s.id().name().value());
    try (Git g = Git.init().setBare(true).setDirectory(dir.toFile()).call()) {
      g.fetch()
          .setRemote(git.url(s.repo()))
          .setRefSpecs(new RefSpec("+" + sha + ":refs/heads/pinned"))
          .setDepth(1)
          .setTagOpt(TagOpt.FETCH_TAGS)
          .call();
      Repository repo = g.getRepository();
      ObjectId commit = ObjectId.fromString(sha);
      boolean tag = false;
      for (Ref ref : repo.getRefDatabase().getRefsByPrefix(Constants.R_TAGS)) {
        Ref peeled = repo.getRefDatabase().peel(ref);
        ObjectId target =
            peeled.getPeeledObjectId() != null ? peeled.getPeeledObjectId() : ref.getObjectId();
        String t = ref.getName().substring(Constants.R_TAGS.length());
        String n = s.id().name().value();
        String v = s.id().version().value();
        if (target.equals(commit)
            && (t.equals(v)
                || t.equals("v" + v)
                || t.equals(n + "-" + v)
                || t.equals(n + "-v" + v))) {
          tag = true;
        }
      }
      boolean blobs = true;
      try (ObjectInserter.Formatter f = new ObjectInserter.Formatter()) {
        for (byte[] b : rs) {
          blobs &= repo.getObjectDatabase().has(f.idFor(Constants.OBJ_BLOB, b));
        }
      }
      return tag && blobs;
    } finally {
      deleteTree(dir);
    }
  }

  private static void deleteTree(Path dir) {
    for (int attempt = 0; attempt < 3 && Files.exists(dir); attempt++) {
      try (Stream<Path> w = Files.walk(dir)) {
        w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (java.io.IOException | java.io.UncheckedIOException e) {
        // JGit may remove its own lock files while we walk; walk again
      }
    }
  }

  private static List<String> files(String name) {
    return List.of("src/lib.rs", "src/util.rs", "src/more.rs");
  }

  private static String body(String name, String file) {
    return "// " + name + " " + file + "\npub fn f() -> &'static str { \"" + name + file + "\" }\n";
  }

  private static String manifest(String name, String repo) {
    return "[package]\nname = \""
        + name
        + "\"\nversion = \"0.1.0\"\nedition = \"2021\"\nrepository = \""
        + BASE
        + repo
        + "\"\n";
  }

  private static byte[] crate(Spec s) {
    String name = s.id().name().value();
    String dir = name + "-0.1.0/";
    MaliciousArchiveBuilder b =
        MaliciousArchiveBuilder.empty()
            .file(dir + "Cargo.toml", manifest(name, s.repo()))
            .file(dir + "Cargo.toml.orig", manifest(name, s.repo()))
            .file(
                dir + ".cargo_vcs_info.json",
                "{\n  \"git\": {\n    \"sha1\": \""
                    + s.commit().hex()
                    + "\"\n  },\n  \"path_in_vcs\": \""
                    + s.folder()
                    + "\"\n}");
    for (String f : files(name)) {
      b.file(dir + f, body(name, f));
    }
    return b.build();
  }
}
