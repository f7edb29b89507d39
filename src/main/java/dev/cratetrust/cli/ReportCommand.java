package dev.cratetrust.cli;

import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.scan.ReportFormat;
import dev.cratetrust.scan.ReportRenderer;
import dev.cratetrust.scan.ScanInputException;
import dev.cratetrust.scan.ScanReport;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.VerificationResults;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
      "Summarize stored verification results: gold star, needs improvement, looks sketchy,",
      "with reasons per crate. Reads the store only; verifies nothing."
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

  @Override
  public Integer call() throws UnavailableException, ScanInputException {
    requireExistingStore(db);
    if (compare != null) {
      requireExistingStore(compare);
    }
    ScanReport report;
    try (Database store = Database.open(db)) {
      report = ScanReport.of(new VerificationResults(store).latestPerVersion());
    }
    if (compare != null) {
      try (Database other = Database.open(compare)) {
        report =
            report.comparedWith(
                compare, ScanReport.of(new VerificationResults(other).latestPerVersion()));
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(ReportRenderer.render(report, format));
    out.flush();
    return ExitCode.OK.code();
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
