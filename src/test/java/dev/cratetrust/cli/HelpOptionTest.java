package dev.cratetrust.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code cratetrust SUBCOMMAND --help} prints that command's help, for every subcommand. */
class HelpOptionTest {
  static void collect(String prefix, Map<String, CommandLine> subs, List<String> into) {
    subs.forEach(
        (name, cl) -> {
          String path = (prefix + " " + name).strip();
          into.add(path);
          collect(path, cl.getSubcommands(), into);
        });
  }

  @Test
  void everySubcommandPrintsItsOwnHelp() {
    List<String> commands = new ArrayList<>();
    collect("", new CommandLine(new Main()).getSubcommands(), commands);
    assertThat(commands).contains("info", "verify", "scan", "review add");
    for (String command : commands) {
      for (String flag : List.of("--help", "-h")) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.add(flag);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code =
            Main.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as("%s: %s", args, err).isZero();
        assertThat(out.toString()).as("%s", args).startsWith("Usage: cratetrust " + command + " ");
        assertThat(err.toString()).as("%s", args).isEmpty();
      }
    }
  }

  @Test
  void anUnknownOptionIsStillAUsageError() {
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new String[] {"info", "foo@1.0.0", "--no-such-option"},
            new PrintWriter(new StringWriter()),
            new PrintWriter(err));
    assertThat(code).isEqualTo(ExitCode.USAGE.code());
    assertThat(err.toString()).contains("--no-such-option", "Try 'cratetrust info --help'.");
  }
}
