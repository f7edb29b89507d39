package dev.cratetrust.cli;

import dev.cratetrust.crates.Parsers;
import dev.cratetrust.signals.Evidence;
import dev.cratetrust.signals.Signal;
import dev.cratetrust.signals.SignalsJson;
import java.io.PrintWriter;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Renders signals as the JSON objects and text lines the CLI prints. */
final class SignalJson {
  static final JsonMapper MAPPER = Parsers.json();

  private SignalJson() {}

  /** {@code [{"code","severity","message","evidence":[{"file","line","excerpt","field"}]}]}. */
  static ArrayNode signals(List<Signal> signals) {
    return SignalsJson.toJson(signals);
  }

  static ObjectNode signal(Signal s) {
    return SignalsJson.toJson(s);
  }

  static void text(List<Signal> signals, PrintWriter out) {
    for (Signal s : signals) {
      out.println("  " + s.severity().label() + " " + s.code() + ": " + s.message());
      for (Evidence e : s.evidence()) {
        StringBuilder b = new StringBuilder("      ");
        if (e.file() != null) {
          b.append(e.file());
          if (e.line() > 0) {
            b.append(':').append(e.line());
          }
        }
        if (e.field() != null) {
          b.append(e.field());
        }
        if (e.excerpt() != null) {
          b.append(b.length() > 6 ? "  " : "").append(e.excerpt());
        }
        out.println(b);
      }
    }
  }
}
