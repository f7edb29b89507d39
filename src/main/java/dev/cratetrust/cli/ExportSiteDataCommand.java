package dev.cratetrust.cli;

import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.Parsers;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.scan.ScanInputException;
import dev.cratetrust.store.Database;
import dev.cratetrust.web.BulkData;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cratetrust export-site-data}: writes the site's bulk data (the daily dump) into a folder:
 * {@code verdicts.jsonl}, {@code osv.jsonl} and {@code osv/NAME/VERSION.json}, the same bytes the
 * site serves under {@code /data/}. Each file is written beside its target and moved into place, so
 * a reader never sees half a file. It exports what is stored; it re-checks nothing.
 */
@Command(
    name = "export-site-data",
    description = {
      "Write the stored verdicts as bulk data into a folder (the site's daily dump):",
      "verdicts.jsonl, osv.jsonl and osv/NAME/VERSION.json."
    })
public final class ExportSiteDataCommand implements Callable<Integer> {
  @Option(names = "--db", paramLabel = "PATH", description = "Store (file path or postgresql://).")
  String db;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Folder to write into (created if missing).")
  Path out;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws UnavailableException, ScanInputException {
    String store = db != null ? db : Database.defaultPath().toString();
    ReportCommand.requireExistingStore(store);
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new UsageException(
          "--out " + InputText.printable(out.toString()) + " exists and is not a folder");
    }
    Path dir = out.toAbsolutePath().normalize();
    Path osvDir = dir.resolve("osv");
    long[] counts = new long[2];
    try (Database database = Database.open(store)) {
      Files.createDirectories(osvDir);
      counts[0] = write(dir.resolve("verdicts.jsonl"), o -> BulkData.writeVerdicts(database, o));
      counts[1] =
          write(
              dir.resolve("osv.jsonl"),
              o ->
                  BulkData.eachOsv(
                      database,
                      (r, record) -> {
                        o.write(Parsers.json().writeValueAsBytes(record));
                        o.write('\n');
                        Path crateDir = osvDir.resolve(r.id().name().value());
                        Path file = crateDir.resolve(r.id().version().value() + ".json");
                        if (!file.normalize().startsWith(osvDir)) {
                          throw new IOException("record path " + file + " leaves " + osvDir);
                        }
                        Files.createDirectories(crateDir);
                        writeSmall(file, f -> f.write(BulkData.prettyBytes(record)));
                      }));
    } catch (IOException e) {
      throw new UnavailableException(
          "export site data to " + InputText.printable(dir.toString()) + ": " + e, e);
    }
    PrintWriter w = spec.commandLine().getOut();
    w.println(
        "wrote "
            + counts[0]
            + " verdicts and "
            + counts[1]
            + " OSV-style records to "
            + InputText.printable(dir.toString()));
    w.flush();
    return ExitCode.OK.code();
  }

  @FunctionalInterface
  private interface Body {
    long write(OutputStream out) throws Exception;
  }

  @FunctionalInterface
  private interface SmallBody {
    void write(OutputStream out) throws IOException;
  }

  private static void writeSmall(Path file, SmallBody body) throws IOException {
    write(
        file,
        (Body)
            o -> {
              body.write(o);
              return 0;
            });
  }

  private static long write(Path file, Body body) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".part");
    long n;
    try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(tmp), 64 * 1024)) {
      n = body.write(o);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    } catch (Exception e) {
      Files.deleteIfExists(tmp);
      throw new IOException(e.getMessage(), e);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return n;
  }
}
