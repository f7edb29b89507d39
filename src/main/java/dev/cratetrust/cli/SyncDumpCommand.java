package dev.cratetrust.cli;

import dev.cratetrust.crates.BadInputException;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.RegistryFactsStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cratetrust sync-dump}: imports the registry metadata signals use (crate creation dates,
 * downloads, publishers per version, current owners) from a crates.io db-dump into the store.
 */
@Command(
    name = "sync-dump",
    description = {
      "Import registry metadata for signals from a crates.io db-dump (db-dump.tar.gz).",
      "Replaces the previous import; `signals` and `verify` then use it."
    })
public final class SyncDumpCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--db-dump",
      required = true,
      paramLabel = "FILE",
      description = "A downloaded db-dump.tar.gz.")
  Path dump;

  @Option(
      names = "--db",
      paramLabel = "PATH_OR_URL",
      description =
          "Store: an embedded file (default under the user's data dir) or postgresql://...")
  String db;

  @Override
  public Integer call() throws BadInputException, UnavailableException {
    PrintWriter out = spec.commandLine().getOut();
    try (Database store = Database.open(db != null ? db : Database.defaultPath().toString())) {
      RegistryFactsStore.Import i =
          new RegistryFactsStore(store, Clock.systemUTC()).importDump(dump);
      out.println(
          "imported "
              + i.crates()
              + " crates, "
              + i.releases()
              + " versions, "
              + i.owners()
              + " owners from "
              + i.source()
              + i.dumpTimestamp().map(t -> " (dump of " + t + ")").orElse(""));
    }
    out.flush();
    return ExitCode.OK.code();
  }
}
