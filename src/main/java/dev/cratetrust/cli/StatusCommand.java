package dev.cratetrust.cli;

import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.Parsers;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.QueueStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code cratetrust status}: the shared queue's depth, throughput, failures and workers. */
@Command(
    mixinStandardHelpOptions = true,
    name = "status",
    description = {
      "Show the scan queue: jobs waiting by priority class (follow, recheck, background), jobs"
          + " finished and failed (by kind) over the last 1, 5 and 15 minutes, the oldest"
          + " waiting job, and each worker's and follower's last heartbeat."
    })
public final class StatusCommand implements Callable<Integer> {
  /** Output formats. */
  enum Format {
    text,
    json
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--db",
      paramLabel = "PATH|postgresql://...",
      description = "Store: an embedded store file (default ${DEFAULT-VALUE}) or PostgreSQL URL.")
  String db = Database.defaultPath().toString();

  @Option(
      names = "--format",
      paramLabel = "text|json",
      description = "Output format (default ${DEFAULT-VALUE}).")
  Format format = Format.text;

  @Override
  public Integer call() throws UnavailableException {
    PrintWriter out = spec.commandLine().getOut();
    try (Database store = Database.open(db)) {
      QueueStatus.Snapshot s = new QueueStatus(store).read();
      if (format == Format.json) {
        out.println(Parsers.json().writerWithDefaultPrettyPrinter().writeValueAsString(json(s)));
      } else {
        text(out, s);
      }
      return ExitCode.OK.code();
    }
  }

  static ObjectNode json(QueueStatus.Snapshot s) {
    ObjectNode root = Parsers.json().createObjectNode();
    root.put("at", s.at().toString());
    root.put("queued", s.queuedTotal());
    ObjectNode byClass = root.putObject("queuedByPriority");
    s.queued().forEach(byClass::put);
    root.put("running", s.running());
    root.put("done", s.done());
    root.put("dead", s.dead());
    ObjectNode finished = root.putObject("finished");
    s.finished().forEach((w, n) -> finished.put(window(w), n));
    ObjectNode failures = root.putObject("failures");
    for (Map.Entry<String, Map<Duration, Long>> k : s.failures().entrySet()) {
      ObjectNode o = failures.putObject(k.getKey());
      k.getValue().forEach((w, n) -> o.put(window(w), n));
    }
    if (s.oldest().isPresent()) {
      QueueStatus.Oldest o = s.oldest().get();
      ObjectNode n = root.putObject("oldestPending");
      n.put("job", o.job());
      n.put("priority", o.priority());
      n.put("enqueuedAt", o.enqueuedAt().toString());
      n.put("ageSeconds", o.age().toSeconds());
    } else {
      root.putNull("oldestPending");
    }
    ArrayNode procs = root.putArray("workers");
    for (QueueStatus.Process p : s.processes()) {
      ObjectNode n = procs.addObject();
      n.put("owner", p.owner());
      n.put("kind", p.kind());
      n.put("startedAt", p.startedAt().toString());
      n.put("lastHeartbeat", p.lastBeat().toString());
      n.put("secondsSinceHeartbeat", p.sinceLastBeat().toSeconds());
      if (p.stoppedAt().isPresent()) {
        n.put("stoppedAt", p.stoppedAt().get().toString());
      } else {
        n.putNull("stoppedAt");
      }
      n.put("done", p.done());
      n.put("failed", p.failed());
    }
    return root;
  }

  /** {@code 1m}, {@code 5m}, ... */
  static String window(Duration w) {
    return w.toMinutes() + "m";
  }

  private static void text(PrintWriter out, QueueStatus.Snapshot s) {
    StringBuilder q = new StringBuilder();
    s.queued().forEach((k, n) -> q.append(q.isEmpty() ? "" : ", ").append(k).append(' ').append(n));
    out.println("queued: " + s.queuedTotal() + " (" + q + ")");
    out.println("running: " + s.running() + "; done: " + s.done() + "; dead: " + s.dead());
    StringBuilder f = new StringBuilder();
    s.finished()
        .forEach(
            (w, n) ->
                f.append(f.isEmpty() ? "" : ", ")
                    .append(n)
                    .append(" in the last ")
                    .append(window(w))
                    .append(
                        String.format(
                            java.util.Locale.ROOT, " (%.1f/min)", n / (double) w.toMinutes())));
    out.println("finished: " + f);
    for (Map.Entry<String, Map<Duration, Long>> k : s.failures().entrySet()) {
      long last15 = k.getValue().values().stream().mapToLong(Long::longValue).max().orElse(0);
      if (last15 == 0) {
        continue;
      }
      StringBuilder e = new StringBuilder();
      k.getValue()
          .forEach(
              (w, n) ->
                  e.append(e.isEmpty() ? "" : ", ").append(n).append(" in ").append(window(w)));
      out.println("failed (" + k.getKey() + "): " + e);
    }
    out.println(
        "oldest pending: "
            + s.oldest()
                .map(
                    o ->
                        InputText.printable(o.job())
                            + " queued "
                            + o.enqueuedAt()
                            + " ("
                            + o.age().toSeconds()
                            + " s ago, priority "
                            + o.priority()
                            + ")")
                .orElse("none"));
    if (s.processes().isEmpty()) {
      out.println("workers: none reported in the last day");
    }
    for (QueueStatus.Process p : s.processes()) {
      out.println(
          p.kind()
              + " "
              + InputText.printable(p.owner())
              + ": last heartbeat "
              + p.lastBeat()
              + " ("
              + p.sinceLastBeat().toSeconds()
              + " s ago)"
              + p.stoppedAt().map(t -> ", stopped " + t).orElse("")
              + "; "
              + p.done()
              + " done, "
              + p.failed()
              + " failed");
    }
  }
}
