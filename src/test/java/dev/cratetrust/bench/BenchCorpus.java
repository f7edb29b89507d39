package dev.cratetrust.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Builds the benchmark corpus: one bare git repository and one {@code .crate} per real crate source
 * unpacked from Debian's {@code librust-*-dev} packages, the crate recording the repository's
 * commit the way {@code cargo package} does.
 *
 * <p>Each repository holds exactly the crate's files in one commit tagged {@code v<version>}, so a
 * correct verifier finds every crate a gold star. The corpus says nothing about how real upstream
 * repositories differ from their crates; it measures speed on real file trees only.
 *
 * <p>Usage: {@code BenchCorpus REGISTRY_DIR OUT_DIR} where REGISTRY_DIR is an unpacked {@code
 * usr/share/cargo/registry}. Writes {@code OUT_DIR/corpus.tsv}, {@code crates/} and {@code repos/}.
 */
public final class BenchCorpus {
  /** Crates in the corpus; a constant because JMH's {@code @OperationsPerInvocation} needs one. */
  public static final int SIZE = 120;

  private static final String MANIFEST = "corpus.tsv";
  private static final String FIXED_DATE = "2024-01-01T00:00:00+0000";

  /** One crate of the corpus and its repository. */
  public record Entry(
      String name,
      String version,
      Path crateFile,
      Path bareRepo,
      String commit,
      int files,
      int rsFiles,
      long bytes) {}

  private BenchCorpus() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length != 2) {
      System.err.println("usage: BenchCorpus REGISTRY_DIR OUT_DIR");
      System.exit(2);
    }
    List<Entry> entries = build(Path.of(args[0]), Path.of(args[1]), SIZE);
    System.out.println(describe(entries));
  }

  /** Builds {@code count} crate/repository pairs from the first crate folders in name order. */
  public static List<Entry> build(Path registryDir, Path outDirGiven, int count)
      throws IOException, InterruptedException {
    Path outDir = outDirGiven.toAbsolutePath();
    List<Path> dirs;
    try (Stream<Path> s = Files.list(registryDir)) {
      dirs = s.filter(Files::isDirectory).sorted().toList();
    }
    Path work = outDir.resolve("work");
    Path crates = outDir.resolve("crates");
    Path repos = outDir.resolve("repos");
    deleteTree(outDir);
    Files.createDirectories(crates);
    Files.createDirectories(repos);
    List<Entry> entries = new ArrayList<>();
    for (Path dir : dirs) {
      if (entries.size() == count) {
        break;
      }
      String folder = dir.getFileName().toString();
      int dash = folder.lastIndexOf('-');
      if (dash <= 0) {
        continue;
      }
      String name = folder.substring(0, dash);
      String version = folder.substring(dash + 1);
      Map<String, byte[]> files = sourceFiles(dir);
      if (!files.containsKey("Cargo.toml")
          || files.keySet().stream().noneMatch(p -> p.endsWith(".rs"))) {
        continue;
      }
      entries.add(buildOne(name, version, files, work.resolve(folder), crates, repos));
    }
    deleteTree(work);
    if (entries.size() < count) {
      throw new IllegalStateException(
          "only " + entries.size() + " usable crates in " + registryDir + ", need " + count);
    }
    StringBuilder tsv = new StringBuilder();
    for (Entry e : entries) {
      tsv.append(
          String.join(
              "\t",
              e.name(),
              e.version(),
              outDir.relativize(e.crateFile()).toString(),
              outDir.relativize(e.bareRepo()).toString(),
              e.commit(),
              Integer.toString(e.files()),
              Integer.toString(e.rsFiles()),
              Long.toString(e.bytes())));
      tsv.append('\n');
    }
    Files.writeString(outDir.resolve(MANIFEST), tsv);
    return entries;
  }

  /** Reads the corpus written by {@link #build}. */
  public static List<Entry> load(Path outDir) throws IOException {
    Path manifest = outDir.resolve(MANIFEST);
    if (!Files.isRegularFile(manifest)) {
      throw new IOException(
          "read benchmark corpus " + manifest + ": missing; run bench/run.sh (or BenchCorpus)");
    }
    List<Entry> entries = new ArrayList<>();
    for (String line : Files.readAllLines(manifest)) {
      String[] f = line.split("\t");
      entries.add(
          new Entry(
              f[0],
              f[1],
              outDir.resolve(f[2]).toAbsolutePath(),
              outDir.resolve(f[3]).toAbsolutePath(),
              f[4],
              Integer.parseInt(f[5]),
              Integer.parseInt(f[6]),
              Long.parseLong(f[7])));
    }
    return entries;
  }

  /** One line for reports: counts and sizes. */
  public static String describe(List<Entry> entries) {
    long bytes = entries.stream().mapToLong(Entry::bytes).sum();
    int files = entries.stream().mapToInt(Entry::files).sum();
    int rs = entries.stream().mapToInt(Entry::rsFiles).sum();
    long crateBytes = 0;
    for (Entry e : entries) {
      try {
        crateBytes += Files.size(e.crateFile());
      } catch (IOException x) {
        throw new UncheckedIOException(x);
      }
    }
    return entries.size()
        + " crates, "
        + files
        + " files ("
        + rs
        + " *.rs), "
        + bytes
        + " bytes unpacked, "
        + crateBytes
        + " bytes of .crate";
  }

  /** The crate's files by relative path, without Debian's additions and cargo's metadata. */
  private static Map<String, byte[]> sourceFiles(Path dir) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        String rel = dir.relativize(p).toString().replace('\\', '/');
        if (rel.equals(".cargo_vcs_info.json")
            || rel.equals(".cargo-checksum.json")
            || rel.startsWith("debian/")
            || rel.equals(".git")
            || rel.startsWith(".git/")) {
          continue;
        }
        files.put(rel, Files.readAllBytes(p));
      }
    }
    return files;
  }

  private static Entry buildOne(
      String name, String version, Map<String, byte[]> files, Path work, Path crates, Path repos)
      throws IOException, InterruptedException {
    String folder = name + "-" + version;
    byte[] normalized = files.get("Cargo.toml");
    byte[] original = files.getOrDefault("Cargo.toml.orig", normalized);
    Map<String, byte[]> repoFiles = new TreeMap<>(files);
    repoFiles.remove("Cargo.toml.orig");
    repoFiles.put("Cargo.toml", original);
    Files.createDirectories(work);
    for (Map.Entry<String, byte[]> f : repoFiles.entrySet()) {
      Path target = work.resolve(f.getKey());
      Files.createDirectories(target.getParent());
      Files.write(target, f.getValue());
    }
    git(work, "init", "-q", "-b", "main");
    git(work, "add", "-A", "-f");
    git(work, "commit", "-q", "--no-gpg-sign", "-m", "release " + version);
    git(work, "tag", "v" + version);
    String commit = git(work, "rev-parse", "HEAD").strip();
    Path bare = repos.resolve(folder + ".git");
    git(work.getParent(), "clone", "-q", "--bare", work.toString(), bare.toString());

    Map<String, byte[]> crateFiles = new TreeMap<>(repoFiles);
    crateFiles.put("Cargo.toml", normalized);
    crateFiles.put("Cargo.toml.orig", original);
    crateFiles.put(
        ".cargo_vcs_info.json",
        ("{\n  \"git\": {\n    \"sha1\": \"" + commit + "\"\n  },\n  \"path_in_vcs\": \"\"\n}")
            .getBytes(StandardCharsets.UTF_8));
    Path crate = crates.resolve(folder + ".crate");
    writeCrate(crate, folder, crateFiles);
    long bytes = crateFiles.values().stream().mapToLong(b -> b.length).sum();
    int rs = (int) crateFiles.keySet().stream().filter(p -> p.endsWith(".rs")).count();
    return new Entry(
        name,
        version,
        crate.toAbsolutePath(),
        bare.toAbsolutePath(),
        commit,
        crateFiles.size(),
        rs,
        bytes);
  }

  /** A gzip tar like cargo's: entries {@code folder/path}, sorted, fixed mtime, mode 0644. */
  static void writeCrate(Path crate, String folder, Map<String, byte[]> files) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(crate));
        GZIPOutputStream gz = new GZIPOutputStream(out);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        TarArchiveEntry e = new TarArchiveEntry(folder + "/" + f.getKey());
        e.setSize(f.getValue().length);
        e.setMode(0644);
        e.setModTime(1_704_067_200_000L);
        tar.putArchiveEntry(e);
        tar.write(f.getValue());
        tar.closeArchiveEntry();
      }
    }
  }

  private static String git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add("git");
    cmd.add("-c");
    cmd.add("user.name=cratetrust bench");
    cmd.add("-c");
    cmd.add("user.email=bench@cratetrust.invalid");
    cmd.add("-c");
    cmd.add("core.autocrlf=false");
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("GIT_AUTHOR_DATE", FIXED_DATE);
    pb.environment().put("GIT_COMMITTER_DATE", FIXED_DATE);
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("git " + String.join(" ", args) + " in " + dir + ": " + output);
    }
    return output;
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
