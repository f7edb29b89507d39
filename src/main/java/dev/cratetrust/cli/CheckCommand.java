package dev.cratetrust.cli;

import dev.cratetrust.crates.BadInputException;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.TrustFactsRepository;
import dev.cratetrust.trust.CargoLock;
import dev.cratetrust.trust.CheckReport;
import dev.cratetrust.trust.CheckReportFormat;
import dev.cratetrust.trust.Policy;
import dev.cratetrust.trust.PolicyEvaluator;
import dev.cratetrust.trust.TrustInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cratetrust check}: checks every package of a {@code Cargo.lock} against a policy using the
 * facts in the store; exits 0 only when the policy passes.
 */
@Command(name = "check", description = "Check a Cargo.lock against a policy.")
public final class CheckCommand implements Callable<Integer> {
  /** Output formats of {@code check}. */
  enum Format {
    text,
    json,
    sarif
  }

  @Parameters(index = "0", paramLabel = "CARGO_LOCK", description = "The lockfile to check.")
  Path lockfile;

  @Option(names = "--db", paramLabel = "PATH", description = "Store (file path or postgresql://).")
  String db;

  @Option(
      names = "--offline",
      description =
          "Use only the store: no network, no on-demand verification; unknown provenance stays unknown.")
  boolean offline;

  @Option(names = "--format", paramLabel = "FORMAT", description = "text (default), json or sarif.")
  Format format = Format.text;

  @Option(names = "--policy", paramLabel = "FILE", description = "A cratetrust.toml policy file.")
  Path policyFile;

  @Spec CommandSpec spec;

  private final Clock clock;

  public CheckCommand() {
    this(Clock.systemUTC());
  }

  CheckCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() throws BadInputException, UnavailableException {
    PrintWriter out = spec.commandLine().getOut();
    String lockText = readText(lockfile, "lockfile", CargoLock.MAX_BYTES);
    CargoLock lock = CargoLock.parse(lockfile.toString(), lockText);
    Policy policy =
        policyFile == null
            ? Policy.defaults()
            : Policy.parse(policyFile.toString(), readText(policyFile, "policy", Policy.MAX_BYTES));
    CheckReport report;
    try (Database store = Database.open(db != null ? db : Database.defaultPath().toString())) {
      TrustFactsRepository facts = new TrustFactsRepository(store);
      report =
          new PolicyEvaluator(policy, clock)
              .evaluate(
                  lockfile.toString(),
                  facts.factsFor(lock.packages()),
                  policy.crevRoots().isEmpty() ? List.of() : facts.trustProofs());
    }
    switch (format) {
      case json -> out.println(CheckReportFormat.json(report));
      case sarif -> out.println(CheckReportFormat.sarif(report, lockText));
      case text -> {
        out.print(CheckReportFormat.text(report));
        if (!offline) {
          out.println(
              "note: provenance comes from the store only; crates never verified show as unknown");
        }
      }
    }
    out.flush();
    return report.outcome() == CheckReport.Outcome.PASS
        ? ExitCode.OK.code()
        : ExitCode.POLICY_FAILED.code();
  }

  static String readText(Path file, String what, int maxBytes) throws TrustInputException {
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new TrustInputException(
            "read " + what + " " + InputText.printable(file.toString()) + ": not a regular file");
      }
      if (Files.size(file) > maxBytes) {
        throw new TrustInputException(
            "read "
                + what
                + " "
                + InputText.printable(file.toString())
                + ": larger than "
                + maxBytes
                + " bytes");
      }
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
          .toString();
    } catch (CharacterCodingException e) {
      throw new TrustInputException(
          "read " + what + " " + InputText.printable(file.toString()) + ": not valid UTF-8");
    } catch (IOException e) {
      throw new TrustInputException(
          "read " + what + " " + InputText.printable(file.toString()) + ": " + e.getMessage(), e);
    }
  }
}
