package dev.cratetrust.cli;

import dev.cratetrust.crates.BadInputException;
import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.signals.CrateSignals;
import dev.cratetrust.signals.RegistryFacts;
import dev.cratetrust.signals.Signal;
import dev.cratetrust.signals.SignalInput;
import dev.cratetrust.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code cratetrust signals}: automatic signals for one crate version, from the registry (compared
 * with the previous version) or from a directory.
 */
@Command(
    name = "signals",
    description = "List automatic signals (build-time code, opaque content) for a crate version.")
public final class SignalsCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      arity = "0..1",
      paramLabel = "NAME@VERSION",
      description = "A published crate version, downloaded from the registry.")
  String crate;

  @Option(names = "--crate-dir", paramLabel = "DIR", description = "An unpacked crate folder.")
  Path crateDir;

  @Option(
      names = "--previous-dir",
      paramLabel = "DIR",
      description = "The previous version's unpacked folder, to report what is new.")
  Path previousDir;

  @Option(
      names = "--no-previous",
      description = "With NAME@VERSION: do not download the previous version for comparison.")
  boolean noPrevious;

  @picocli.CommandLine.Mixin RegistryCrates registry = new RegistryCrates();

  @Option(
      names = "--db",
      paramLabel = "PATH_OR_URL",
      description =
          "Store with registry metadata imported by sync-dump (owners, publishers, downloads,"
              + " popular names); used when it exists (default with NAME@VERSION: the default"
              + " store).")
  String db;

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Override
  public Integer call() throws BadInputException, UnavailableException {
    CrateContents contents;
    SignalInput input;
    if (crate != null) {
      if (crateDir != null || previousDir != null) {
        throw new UsageException("signals takes NAME@VERSION or --crate-dir DIR, not both");
      }
      PackageId id = RegistryCrates.id(crate);
      RegistryCrates.Loaded loaded = RegistryCrates.load(registry.open(), id, !noPrevious);
      contents = loaded.contents();
      input = SignalInput.of(contents).withRegistry(loaded.facts());
      if (loaded.previous().isPresent()) {
        input = input.withPrevious(loaded.previous().get());
      }
    } else {
      if (crateDir == null) {
        throw new UsageException("signals needs NAME@VERSION or --crate-dir DIR");
      }
      contents = CrateDirLoader.load(crateDir);
      input = SignalInput.of(contents);
      if (previousDir != null) {
        input = input.withPrevious(CrateDirLoader.load(previousDir));
      }
    }
    String storeSpec = db != null ? db : crate != null ? Database.defaultPath().toString() : null;
    if (storeSpec != null) {
      Optional<Database> store = StoredRegistryFacts.openIfPresent(storeSpec);
      if (store.isPresent()) {
        try (Database d = store.get()) {
          Optional<RegistryFacts> dump = StoredRegistryFacts.of(d, contents);
          if (dump.isPresent()) {
            input =
                input.withRegistry(
                    input
                        .registry()
                        .map(r -> StoredRegistryFacts.merge(r, dump.get()))
                        .orElse(dump.get()));
          }
        }
      }
    }
    List<Signal> signals = new CrateSignals(Clock.systemUTC()).signals(input);
    var out = spec.commandLine().getOut();
    if (format == OutputFormat.json) {
      ObjectNode root = SignalJson.MAPPER.createObjectNode();
      root.put("crate", contents.id().toString());
      input.previous().ifPresent(p -> root.put("previous", p.id().toString()));
      root.set("signals", SignalJson.signals(signals));
      out.println(SignalJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    } else {
      out.println(contents.id() + ": " + signals.size() + " signal(s)");
      SignalJson.text(signals, out);
    }
    out.flush();
    return ExitCode.OK.code();
  }

  /** Output formats of the signals and diff commands. */
  enum OutputFormat {
    text,
    json
  }
}
