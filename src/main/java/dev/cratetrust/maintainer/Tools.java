package dev.cratetrust.maintainer;

import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.UnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the user's {@code git} and {@code cargo} with their own configuration (so {@code
 * url.<base>.insteadOf} rules and credentials helpers apply as they would for a publish), never
 * reading from the terminal.
 */
public final class Tools {
  /** What one command printed and how it ended. */
  public record Result(List<String> command, int exit, String out, String err) {
    public boolean ok() {
      return exit == 0;
    }

    /** stdout without the trailing newline. */
    public String line() {
      return out.strip();
    }
  }

  private final Map<String, String> extraEnv;
  private final long timeoutSeconds;

  /**
   * @param extraEnv set for every command (tests point {@code CARGO_HOME} into a temp dir)
   */
  public Tools(Map<String, String> extraEnv, long timeoutSeconds) {
    this.extraEnv = Map.copyOf(extraEnv);
    this.timeoutSeconds = timeoutSeconds;
  }

  /** The process environment, 10 minutes per command. */
  public static Tools system() {
    return new Tools(Map.of(), 600);
  }

  /** Runs {@code git args...} in {@code dir}. */
  public Result git(Path dir, String... args) throws UnavailableException {
    List<String> cmd = new ArrayList<>();
    cmd.add("git");
    cmd.addAll(List.of(args));
    return run(dir, cmd, Map.of());
  }

  /** Runs {@code cargo args...} in {@code dir} with extra environment variables. */
  public Result cargo(Path dir, Map<String, String> env, String... args)
      throws UnavailableException {
    List<String> cmd = new ArrayList<>();
    cmd.add("cargo");
    cmd.addAll(List.of(args));
    return run(dir, cmd, env);
  }

  /**
   * Like {@link #git}, but a non-zero exit is an {@link UnavailableException} naming {@code op}.
   */
  public String gitOk(String op, Path dir, String... args) throws UnavailableException {
    Result r = git(dir, args);
    if (!r.ok()) {
      throw new UnavailableException(
          op + ": git " + String.join(" ", args) + ": " + r.err().strip());
    }
    return r.line();
  }

  Result run(Path dir, List<String> cmd, Map<String, String> env) throws UnavailableException {
    String shown = InputText.printable(String.join(" ", cmd));
    Path errFile = null;
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
      pb.environment().put("GIT_TERMINAL_PROMPT", "0");
      pb.environment().put("GIT_OPTIONAL_LOCKS", "0");
      pb.environment().put("CARGO_TERM_COLOR", "never");
      pb.environment().putAll(extraEnv);
      pb.environment().putAll(env);
      errFile = Files.createTempFile("cratetrust-tool", ".err");
      pb.redirectError(errFile.toFile());
      pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new UnavailableException(
            "run " + shown + " in " + dir + ": no answer within " + timeoutSeconds + " s");
      }
      return new Result(
          List.copyOf(cmd),
          p.exitValue(),
          new String(out, StandardCharsets.UTF_8),
          Files.readString(errFile, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UnavailableException(
          "run "
              + shown
              + " in "
              + dir
              + ": "
              + e.getMessage()
              + " (is "
              + cmd.getFirst()
              + " installed and on PATH?)",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("run " + shown + ": interrupted", e);
    } finally {
      if (errFile != null) {
        try {
          Files.deleteIfExists(errFile);
        } catch (IOException ignored) {
          // a temp file left behind holds only a command's stderr
        }
      }
    }
  }
}
