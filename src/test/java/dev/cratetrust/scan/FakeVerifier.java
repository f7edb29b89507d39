package dev.cratetrust.scan;

import dev.cratetrust.crates.BadInputException;
import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.store.VerificationRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A test verifier whose verdict depends only on the crate name, so scans are reproducible.
 *
 * <p>The name prefix picks the study's outcome: {@code gold-}, {@code novcs-}, {@code notag-} (no
 * tag at all), {@code othertag-}, {@code nohash-}, {@code unreachable-}, {@code norepo-}, {@code
 * hg-}, {@code extra-}, {@code double-} (hash not in repository and files not in repository); other
 * names get one of those by hash. {@code flaky-K-} fails with {@link UnavailableException} on its
 * first K attempts (counted in {@code stateDir}, shared across processes), {@code poison-} always
 * throws a {@link RuntimeException}, {@code bad-} a {@link BadInputException}, {@code huge-}
 * returns more reason text than the store keeps.
 */
public final class FakeVerifier implements JobVerifier {
  static final String VERSION = "fake-1";

  /** Outcome by prefix: category then reasons. */
  static final Map<String, List<String>> OUTCOMES = new HashMap<>();

  static {
    OUTCOMES.put("gold", List.of("gold-star"));
    OUTCOMES.put("novcs", List.of("needs-improvement", "no-vcs-info"));
    OUTCOMES.put("notag", List.of("needs-improvement", "no-release-tag", "no-tag-at-all"));
    OUTCOMES.put("othertag", List.of("needs-improvement", "no-release-tag"));
    OUTCOMES.put("nohash", List.of("looks-sketchy", "commit-not-in-repository"));
    OUTCOMES.put("unreachable", List.of("looks-sketchy", "repository-unreachable"));
    OUTCOMES.put("norepo", List.of("looks-sketchy", "no-repository"));
    OUTCOMES.put("hg", List.of("looks-sketchy", "unsupported-vcs"));
    OUTCOMES.put("extra", List.of("looks-sketchy", "files-not-in-repository"));
    OUTCOMES.put(
        "double", List.of("looks-sketchy", "commit-not-in-repository", "files-not-in-repository"));
  }

  private static final List<String> ORDER =
      List.of(
          "gold",
          "gold",
          "gold",
          "novcs",
          "notag",
          "othertag",
          "nohash",
          "unreachable",
          "extra",
          "gold");

  private final Path stateDir;
  private final long sleepMillis;
  private final Map<String, Integer> attempts = new HashMap<>();
  private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  private final List<ScanTarget> targets = Collections.synchronizedList(new ArrayList<>());
  private volatile Path callLog;

  public FakeVerifier(Path stateDir, long sleepMillis) {
    this.stateDir = stateDir;
    this.sleepMillis = sleepMillis;
  }

  public FakeVerifier() {
    this(null, 0);
  }

  /** The outcome the fake gives {@code name}: category first, then reasons. */
  public static List<String> expected(String name) {
    String prefix = name.contains("-") ? name.substring(0, name.indexOf('-')) : name;
    List<String> o = OUTCOMES.get(prefix);
    return o != null ? o : OUTCOMES.get(ORDER.get(Math.floorMod(name.hashCode(), ORDER.size())));
  }

  /**
   * Appends each crate version to {@code file} (one line) as its verification starts, so a test in
   * another process can follow progress.
   */
  public FakeVerifier logCallsTo(Path file) {
    this.callLog = file;
    return this;
  }

  /** Crate versions verified by this instance, in order. */
  public List<String> calls() {
    return List.copyOf(calls);
  }

  public List<ScanTarget> targets() {
    return List.copyOf(targets);
  }

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public Result verify(ScanTarget target) throws UnavailableException, BadInputException {
    String name = target.id().name().value();
    calls.add(target.id().toString());
    targets.add(target);
    if (callLog != null) {
      appendLine(callLog, target.id().toString());
    }
    if (sleepMillis > 0) {
      try {
        Thread.sleep(sleepMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UnavailableException("verify " + target.id() + ": interrupted");
      }
    }
    if (name.startsWith("poison-")) {
      throw new IllegalStateException("poisoned crate " + name);
    }
    if (name.startsWith("bad-")) {
      throw new BadInputException("read crate " + target.id() + ": archive is truncated");
    }
    if (name.startsWith("flaky-")) {
      int k = Integer.parseInt(name.split("-")[1]);
      int attempt = nextAttempt(target.id().toString());
      if (attempt <= k) {
        throw new UnavailableException(
            "download " + target.id() + ": connection reset (attempt " + attempt + ")");
      }
    }
    List<String> o = expected(name);
    if (name.startsWith("huge-")) {
      List<String> many = new ArrayList<>(List.of("looks-sketchy"));
      for (int i = 0; i < 100; i++) {
        many.add("reason-code-that-is-long-number-" + i);
      }
      o = many;
    }
    String reasonsJson =
        String.join(",", o.subList(1, o.size()).stream().map(r -> "\"" + r + "\"").toList());
    boolean vendored = target.source() instanceof ScanSource.Vendored;
    return Result.of(
        new VerificationRecord(
            target.id(),
            VERSION,
            o.getFirst(),
            o.subList(1, o.size()),
            o.getFirst().equals("gold-star")
                ? Optional.of(CommitId.of("%040x".formatted(Math.abs((long) name.hashCode()))))
                : Optional.empty(),
            target.source().encode(),
            "{\"crate\":\""
                + name
                + "\",\"category\":\""
                + o.getFirst()
                + "\",\"reasons\":["
                + reasonsJson
                + "]}",
            Instant.parse("2026-11-22T00:00:00Z"),
            vendored ? VerificationRecord.VENDOR : VerificationRecord.CRATES_IO,
            vendored ? target.expectedSha256() : "",
            ""));
  }

  private static synchronized void appendLine(Path file, String line) {
    try {
      Files.writeString(
          file,
          line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private synchronized int nextAttempt(String key) {
    if (stateDir == null) {
      return attempts.merge(key, 1, Integer::sum);
    }
    try {
      Path f = stateDir.resolve(key.replace('@', '_'));
      Files.writeString(
          f, "x", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      return (int) Files.size(f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
