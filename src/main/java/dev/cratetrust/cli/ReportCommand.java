package dev.cratetrust.cli;

import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.scan.ReportFormat;
import dev.cratetrust.scan.ReportRenderer;
import dev.cratetrust.scan.ScanInputException;
import dev.cratetrust.scan.ScanReport;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.ScanRuns;
import dev.cratetrust.store.StoreException;
import dev.cratetrust.store.VerificationResults;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cratetrust report}: the study's summary table and per-crate rows from the store. */
@Command(
    mixinStandardHelpOptions = true,
    name = "report",
    description = {
      "Summarize a scan: gold star, needs improvement, looks sketchy, could not verify,",
      "with reasons per crate (default: the latest scan; --all: every stored result).",
      "Reads the store only; verifies nothing."
    })
public final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--db",
      paramLabel = "PATH|postgresql://...",
      description = "Store to read (default ${DEFAULT-VALUE}).")
  String db = Database.defaultPath().toString();

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "text, markdown, csv, json or html (default ${DEFAULT-VALUE}).",
      converter = FormatConverter.class)
  ReportFormat format = ReportFormat.TEXT;

  @Option(
      names = "--compare",
      paramLabel = "OTHER_DB",
      description = "Another store (an earlier scan): list crates that improved or regressed.")
  String compare;

  @Option(
      names = "--scan",
      paramLabel = "ID",
      description = "The scan to report (as printed by 'cratetrust scan'; default: the latest).")
  Long scanId;

  @Option(
      names = "--all",
      description = "Every stored result (scans, verify, check) instead of one scan's crates.")
  boolean all;

  @Override
  public Integer call() throws UnavailableException, ScanInputException {
    if (all && scanId != null) {
      throw new UsageException("give --scan ID or --all, not both");
    }
    requireExistingStore(db);
    if (compare != null) {
      requireExistingStore(compare);
    }
    ScanReport report;
    try (Database store = Database.open(db)) {
      report = report(store, db, Optional.ofNullable(scanId));
    }
    if (compare != null) {
      try (Database other = Database.open(compare)) {
        report = report.comparedWith(compare, report(other, compare, Optional.empty()));
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(ReportRenderer.render(report, format));
    out.flush();
    return ExitCode.OK.code();
  }

  /**
   * The report of scan {@code id} (default: the latest scan) of {@code store}, or of every stored
   * result with {@code --all} or when the store records no scan.
   */
  private ScanReport report(Database store, String name, Optional<Long> id)
      throws StoreException, ScanInputException {
    ScanRuns runs = new ScanRuns(store);
    Optional<ScanRuns.ScanRun> run = Optional.empty();
    if (!all) {
      if (id.isPresent()) {
        run = runs.find(id.get());
        if (run.isEmpty()) {
          throw new ScanInputException(
              "report on store "
                  + InputText.printable(name)
                  + ": no scan "
                  + id.get()
                  + " (scans are numbered as 'cratetrust scan' prints them)");
        }
      } else {
        run = runs.latest();
      }
    }
    if (run.isPresent()) {
      return ScanReport.ofScan(runs.outcomes(run.get()));
    }
    return ScanReport.of(new VerificationResults(store).latestPerVersion());
  }

  /** Refuses to report on an embedded store that does not exist (instead of creating one). */
  static void requireExistingStore(String spec) throws ScanInputException {
    if (spec.startsWith("postgres") || spec.startsWith("jdbc:") || spec.startsWith("mem:")) {
      return;
    }
    Path mv = spec.endsWith(".mv.db") ? Path.of(spec) : Path.of(spec + ".mv.db");
    if (!Files.isRegularFile(mv)) {
      throw new ScanInputException(
          "report on store "
              + InputText.printable(spec)
              + ": no store file "
              + InputText.printable(mv.toString()));
    }
  }

  /** Accepts format names in any case. */
  static final class FormatConverter implements picocli.CommandLine.ITypeConverter<ReportFormat> {
    @Override
    public ReportFormat convert(String value) {
      try {
        return ReportFormat.valueOf(value.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(
            "expected one of text, markdown, csv, json, html but was '" + value + "'");
      }
    }
  }
}
