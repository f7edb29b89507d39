package dev.cratetrust.cli;

import dev.cratetrust.crates.BadInputException;
import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.crates.Parsers;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.registry.ArchiveLimits;
import dev.cratetrust.registry.CrateArchiveReader;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.ReviewOwnRepository;
import dev.cratetrust.trust.CrevDigest;
import dev.cratetrust.trust.OwnReview;
import dev.cratetrust.trust.TrustInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code cratetrust review}: records the project's own reviews of crate versions, which {@code
 * check} counts as the audit source {@code own} and {@code export} writes as cargo-vet audits and
 * crev proofs.
 */
@Command(
    name = "review",
    description = "Record your own reviews of crate versions.",
    subcommands = {ReviewCommand.Add.class})
public final class ReviewCommand implements Runnable {
  /** The cargo-vet built-in criteria; an exported audits.toml defines no others. */
  static final Set<String> CRITERIA = Set.of("safe-to-run", "safe-to-deploy");

  static final Set<String> LEVELS = Set.of("none", "low", "medium", "high");
  static final Set<String> RATINGS =
      Set.of("dangerous", "negative", "neutral", "positive", "strong");
  static final int MAX_WHO = 500;
  static final int MAX_NOTES = 64 * 1024;

  @Spec CommandSpec spec;

  /** Whether {@code s} holds control, line-separator or bidirectional-override characters. */
  static boolean hasControlCharacters(String s) {
    return s.chars()
        .anyMatch(
            c ->
                c < 0x20
                    || c == 0x7f
                    || (c >= 0x80 && c < 0xa0)
                    || c == 0x2028
                    || c == 0x2029
                    || (c >= 0x202a && c <= 0x202e)
                    || (c >= 0x2066 && c <= 0x2069));
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /**
   * {@code cratetrust review add NAME@VERSION}: stores one review. A review states what a person
   * looked at; cratetrust does not check that the review happened or what it covered.
   */
  @Command(name = "add", description = "Record a review of NAME@VERSION (full, or a --delta).")
  public static final class Add implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME@VERSION", description = "The reviewed version.")
    String target;

    @Option(
        names = "--criteria",
        required = true,
        split = ",",
        paramLabel = "CRITERIA",
        description = "cargo-vet criteria you certify: safe-to-run and/or safe-to-deploy.")
    List<String> criteria = new ArrayList<>();

    @Option(names = "--who", required = true, paramLabel = "NAME", description = "The reviewer.")
    String who;

    @Option(names = "--notes", paramLabel = "TEXT", description = "What you looked at.")
    String notes = "";

    @Option(
        names = "--delta",
        paramLabel = "FROM",
        description = "Review of the changes from version FROM to VERSION only.")
    String delta;

    @Option(
        names = "--thoroughness",
        paramLabel = "LEVEL",
        description = "crev thoroughness: none, low (default), medium, high.")
    String thoroughness = "low";

    @Option(
        names = "--understanding",
        paramLabel = "LEVEL",
        description = "crev understanding: none, low, medium (default), high.")
    String understanding = "medium";

    @Option(
        names = "--rating",
        paramLabel = "RATING",
        description = "crev rating: dangerous, negative, neutral, positive (default), strong.")
    String rating = "positive";

    @Option(
        names = "--crate-file",
        paramLabel = "FILE",
        description =
            "The reviewed .crate; its crev digest is recorded (needed to export a crev proof)."
                + " Without it the version is downloaded from the registry (checked against the"
                + " index checksum) for the digest.")
    Path crateFile;

    @Option(
        names = "--index",
        paramLabel = "URL_OR_DIR",
        description =
            "Registry index to download from: sparse+https://... (default crates.io) or a cargo"
                + " local-registry directory.")
    String index;

    @Option(
        names = "--no-download",
        description =
            "Record the review without a crev digest instead of downloading the version (it is"
                + " then not exported as a crev proof).")
    boolean noDownload;

    @Option(
        names = "--db",
        paramLabel = "PATH",
        description = "Store (file path or postgresql://).")
    String db;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default) or json.")
    String format = "text";

    @Spec CommandSpec spec;
    private final Clock clock;

    public Add() {
      this(Clock.systemUTC());
    }

    Add(Clock clock) {
      this.clock = clock;
    }

    @Override
    public Integer call() throws BadInputException, UnavailableException {
      if (!format.equals("text") && !format.equals("json")) {
        throw new UsageException(
            "--format must be text or json, not '" + InputText.printable(format) + "'");
      }
      PackageId id = parseTarget(target);
      Set<String> crit = new LinkedHashSet<>();
      for (String c : criteria) {
        String t = c.strip();
        if (!CRITERIA.contains(t)) {
          throw new UsageException(
              "--criteria: '"
                  + InputText.printable(c)
                  + "' is not a cargo-vet criterion cratetrust can export (known: safe-to-run,"
                  + " safe-to-deploy)");
        }
        crit.add(t);
      }
      if (crit.isEmpty()) {
        throw new UsageException("--criteria: give at least one of safe-to-run, safe-to-deploy");
      }
      if (who.isBlank() || who.length() > MAX_WHO || hasControlCharacters(who)) {
        throw new UsageException(
            "--who '"
                + InputText.printable(who)
                + "': must be 1 to "
                + MAX_WHO
                + " characters without control or bidirectional-override characters"
                + " (e.g. \"Jane Doe <jane@example.org>\")");
      }
      if (notes.length() > MAX_NOTES) {
        throw new UsageException("--notes: longer than " + MAX_NOTES + " characters");
      }
      level("--thoroughness", thoroughness, LEVELS);
      level("--understanding", understanding, LEVELS);
      level("--rating", rating, RATINGS);
      Optional<CrateVersion> from = Optional.empty();
      if (delta != null) {
        if (!CrateVersion.isValid(delta)) {
          throw new UsageException("--delta '" + InputText.printable(delta) + "' is not SemVer");
        }
        from = Optional.of(CrateVersion.of(delta));
        if (from.get().equals(id.version())) {
          throw new UsageException("--delta " + delta + ": a delta needs two different versions");
        }
      }
      if (crateFile != null && noDownload) {
        throw new UsageException("--no-download: not with --crate-file, which gives the digest");
      }
      if (crateFile != null && index != null) {
        throw new UsageException("--index: not with --crate-file, which is read instead");
      }
      Optional<String> digest =
          crateFile != null
              ? Optional.of(CrevDigest.of(readCrate(id)))
              : noDownload ? Optional.empty() : Optional.of(CrevDigest.of(download(id)));
      OwnReview review =
          new OwnReview(
              id.name(),
              id.version(),
              from,
              who,
              List.copyOf(crit),
              thoroughness,
              understanding,
              rating,
              notes,
              clock.instant(),
              digest);
      try (Database store = Database.open(db != null ? db : Database.defaultPath().toString())) {
        new ReviewOwnRepository(store, TrustFormats.PARSERS.vet()).add(review);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (format.equals("json")) {
        ObjectNode o = Parsers.json().createObjectNode();
        InfoCommand.ownReview(o, review);
        out.println(Parsers.json().writerWithDefaultPrettyPrinter().writeValueAsString(o));
      } else {
        out.println(
            "recorded review of "
                + id
                + from.map(f -> " (delta from " + f + ")").orElse("")
                + ": "
                + String.join(", ", crit)
                + " by "
                + InputText.printable(who)
                + (digest.isPresent()
                    ? ", crev digest " + digest.get()
                    : "; no digest (--no-download), so it will not be exported as a crev proof"));
      }
      out.flush();
      return ExitCode.OK.code();
    }

    private CrateContents download(PackageId id) throws BadInputException, UnavailableException {
      RegistryCrates registry = new RegistryCrates();
      registry.index = index;
      registry.noApi = true;
      try {
        return RegistryCrates.load(registry.open(), id, false).contents();
      } catch (UnavailableException e) {
        throw new UnavailableException(
            "review add "
                + id
                + ": download for the crev digest: "
                + e.getMessage()
                + " (give --crate-file FILE, or --no-download to record it without a digest)",
            e);
      }
    }

    private CrateContents readCrate(PackageId id) throws BadInputException {
      String name = InputText.printable(crateFile.toString());
      if (!Files.isRegularFile(crateFile, LinkOption.NOFOLLOW_LINKS)) {
        throw new TrustInputException("read crate " + name + ": not a regular file");
      }
      try (InputStream in = Files.newInputStream(crateFile)) {
        return CrateArchiveReader.read(
            in, crateFile.toString(), Optional.of(id), ArchiveLimits.defaults());
      } catch (IOException e) {
        throw new TrustInputException("read crate " + name + ": " + e.getMessage(), e);
      }
    }

    private static void level(String option, String value, Set<String> allowed) {
      if (!allowed.contains(value)) {
        throw new UsageException(
            option
                + " '"
                + InputText.printable(value)
                + "' is not one of "
                + String.join(", ", allowed.stream().sorted().toList()));
      }
    }

    static PackageId parseTarget(String target) {
      int at = target.lastIndexOf('@');
      if (at <= 0 || at == target.length() - 1) {
        throw new UsageException(
            "'" + InputText.printable(target) + "' is not NAME@VERSION (e.g. serde@1.0.200)");
      }
      try {
        return PackageId.parse(target);
      } catch (IllegalArgumentException e) {
        throw new UsageException(
            "'" + InputText.printable(target) + "' is not NAME@VERSION: " + e.getMessage());
      }
    }
  }
}
