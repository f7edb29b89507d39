package dev.cratetrust.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Builds a crate folder the way Debian installs one under {@code /usr/share/cargo/registry}: the
 * files of a real {@code cargo package} output without {@code Cargo.toml.orig}, patched on disk,
 * with {@code debian/patches/*} made by the real {@code diff -u} (debcargo's {@code Index:} style)
 * or {@code git diff}, a {@code series} file and Debian's {@code .cargo-checksum.json}.
 */
public final class DebianCrateFolder {
  /** What Debian writes for a patched crate. */
  public static final String UNAVAILABLE_CHECKSUM =
      "{\"package\":\"Could not get crate checksum\",\"files\":{}}";

  private final Path dir;
  private final Path scratch;
  private final TestCrateCommands commands;
  private final String name;
  private int made;

  private DebianCrateFolder(Path dir, Path scratch, String name) {
    this.dir = dir;
    this.scratch = scratch;
    this.commands = new TestCrateCommands(scratch.resolve("home"));
    this.name = name;
  }

  /** Unpacks {@code f}'s crate into {@code dir} (dropping {@code Cargo.toml.orig}). */
  public static DebianCrateFolder unpack(TestCrates.Fixture f, Path dir, Path scratch) {
    String prefix = f.id().dirName() + "/";
    for (Map.Entry<String, byte[]> e : f.entries().entrySet()) {
      String rel = e.getKey().substring(prefix.length());
      if (!rel.equals("Cargo.toml.orig")) {
        write(dir.resolve(rel), e.getValue());
      }
    }
    return new DebianCrateFolder(dir, scratch, f.id().name().value());
  }

  public Path dir() {
    return dir;
  }

  /** The on-disk text of {@code path}. */
  public String text(String path) {
    try {
      return Files.readString(dir.resolve(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Edits {@code path} on disk and writes the change as {@code debian/patches/<patch>}, made by
   * {@code diff -u name.orig/path name/path} under a quilt {@code Index:} header.
   */
  public String plainPatch(String patch, String path, UnaryOperator<String> edit) {
    Path work = scratch.resolve("plain-" + made++);
    String before = text(path);
    String after = edit.apply(before);
    write(work.resolve(name + ".orig").resolve(path), before.getBytes(StandardCharsets.UTF_8));
    write(work.resolve(name).resolve(path), after.getBytes(StandardCharsets.UTF_8));
    String diff = run(work, List.of("diff", "-u", name + ".orig/" + path, name + "/" + path), 1);
    String text =
        "Description: "
            + patch
            + "\n---\nIndex: "
            + name
            + "/"
            + path
            + "\n"
            + "=".repeat(67)
            + "\n"
            + diff;
    writePatch(patch, text);
    write(dir.resolve(path), after.getBytes(StandardCharsets.UTF_8));
    return text;
  }

  /**
   * Applies {@code changes} (path to new content; null deletes) on disk and writes them as one
   * {@code git diff} patch (with {@code new file mode} / {@code deleted file mode} headers).
   */
  public String gitPatch(String patch, Map<String, String> changes) {
    Path work = scratch.resolve("git-" + made++);
    for (String path : changes.keySet()) {
      if (Files.exists(dir.resolve(path))) {
        write(work.resolve(path), text(path).getBytes(StandardCharsets.UTF_8));
      }
    }
    commands.git(scratch, "init", "-q", "-b", "main", work.toString());
    commands.git(work, "add", "-A");
    commands.git(work, "commit", "-q", "--allow-empty", "-m", "before");
    for (Map.Entry<String, String> e : changes.entrySet()) {
      apply(work, e.getKey(), e.getValue());
    }
    commands.git(work, "add", "-A");
    String text =
        "From: Debian Rust Maintainers <pkg-rust@example.invalid>\nSubject: "
            + patch
            + "\n---\n"
            + commands.git(work, "diff", "--cached", "--no-color")
            + "\n";
    writePatch(patch, text);
    for (Map.Entry<String, String> e : changes.entrySet()) {
      apply(dir, e.getKey(), e.getValue());
    }
    return text;
  }

  /** Writes {@code debian/patches/<patch>} as given, changing nothing else. */
  public void writePatch(String patch, String text) {
    write(dir.resolve("debian/patches").resolve(patch), text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes {@code path} in the folder, outside any patch (what a patch failing to apply leaves).
   */
  public void overwrite(String path, String text) {
    write(dir.resolve(path), text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes {@code debian/patches/series}. */
  public void series(String text) {
    write(dir.resolve("debian/patches/series"), text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes {@code .cargo-checksum.json}. */
  public void checksum(String json) {
    write(dir.resolve(".cargo-checksum.json"), json.getBytes(StandardCharsets.UTF_8));
  }

  private static void apply(Path root, String path, String content) {
    try {
      if (content == null) {
        Files.delete(root.resolve(path));
      } else {
        write(root.resolve(path), content.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String run(Path dir, List<String> cmd, int okExit) {
    try {
      Process p =
          new ProcessBuilder(new ArrayList<>(cmd))
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(cmd + " timed out");
      }
      if (p.exitValue() != okExit) {
        throw new IllegalStateException(cmd + " exited " + p.exitValue() + ": " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void write(Path file, byte[] data) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, data);
    } catch (IOException e) {
      throw new UncheckedIOException("write " + file, e);
    }
  }
}
