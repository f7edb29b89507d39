package dev.cratetrust.maintainer;

import dev.cratetrust.crates.InputText;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Renders a {@link PrepublishReport} as text, JSON or SARIF 2.1.0. */
public final class PrepublishFormat {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private PrepublishFormat() {}

  /** A readable report: the prediction, then each problem with its fix. */
  public static void text(PrepublishReport r, PrintWriter out) {
    out.println(
        "prepublish "
            + r.name()
            + " "
            + r.version()
            + (r.pathInVcs().isEmpty() ? "" : " (" + r.pathInVcs() + ")")
            + " at "
            + r.head()
            + (r.branch().map(b -> " on " + b).orElse(" (detached HEAD)"))
            + ", remote "
            + r.remote()
            + " = "
            + InputText.printable(r.remoteUrl())
            + (r.effectiveRemoteUrl().equals(r.remoteUrl())
                ? ""
                : " (fetched from " + InputText.printable(r.effectiveRemoteUrl()) + ")"));
    out.println(
        "predicted verdict: "
            + r.predicted().code()
            + (r.full() ? " (package built and verified)" : "")
            + "; "
            + r.packaged().size()
            + " files would be packaged");
    for (PrepublishProblem p : r.problems()) {
      out.println(
          "  "
              + (p.category().isPresent() ? "error" : "warning")
              + " ["
              + p.code()
              + "] "
              + InputText.printable(p.message()));
      out.println("      fix: " + InputText.printable(p.fix()));
    }
    for (String n : r.notes()) {
      out.println("  note: " + n);
    }
  }

  /** The report as one JSON document. */
  public static String json(PrepublishReport r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("name", r.name());
    o.put("version", r.version());
    o.put("predicted", r.predicted().code());
    o.put("work_tree", r.workTree());
    o.put("path_in_vcs", r.pathInVcs());
    o.put("head", r.head());
    o.put("branch", r.branch().orElse(null));
    o.put("release_tag", r.releaseTag().orElse(null));
    ObjectNode remote = o.putObject("remote");
    remote.put("name", r.remote());
    remote.put("url", r.remoteUrl());
    remote.put("effective_url", r.effectiveRemoteUrl());
    o.put("full", r.full());
    ArrayNode problems = o.putArray("problems");
    for (PrepublishProblem p : r.problems()) {
      ObjectNode po = problems.addObject();
      po.put("code", p.code());
      po.put("category", p.category().map(c -> c.code()).orElse(null));
      po.put("severity", p.category().isPresent() ? "error" : "warning");
      po.put("message", p.message());
      po.put("fix", p.fix());
      po.put("path", p.path().orElse(null));
    }
    ArrayNode packaged = o.putArray("packaged");
    r.packaged().forEach(packaged::add);
    ArrayNode notes = o.putArray("notes");
    r.notes().forEach(notes::add);
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o);
  }

  /**
   * SARIF 2.1.0: one result per problem, {@code error} when it changes the verdict and {@code
   * warning} otherwise; locations are relative to the repository root, the manifest when no file is
   * concerned.
   */
  public static String sarif(PrepublishReport r) {
    ObjectNode root = JSON.createObjectNode();
    root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    root.put("version", "2.1.0");
    ObjectNode run = root.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "cratetrust prepublish");
    driver.put("informationUri", "https://github.com/rust-lang/cargo");
    Map<String, String> rules = new LinkedHashMap<>();
    for (PrepublishProblem p : r.problems()) {
      rules.putIfAbsent(p.code(), p.fix());
    }
    ArrayNode ruleArray = driver.putArray("rules");
    rules.forEach(
        (id, fix) -> {
          ObjectNode rule = ruleArray.addObject();
          rule.put("id", id);
          rule.putObject("shortDescription").put("text", id);
        });
    ArrayNode results = run.putArray("results");
    String manifest = Prepublish.join(r.pathInVcs(), "Cargo.toml");
    for (PrepublishProblem p : r.problems()) {
      ObjectNode res = results.addObject();
      res.put("ruleId", p.code());
      res.put("level", p.category().isPresent() ? "error" : "warning");
      res.putObject("message").put("text", p.message() + ". Fix: " + p.fix());
      res.putArray("locations")
          .addObject()
          .putObject("physicalLocation")
          .putObject("artifactLocation")
          .put("uri", p.path().orElse(manifest));
    }
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
  }
}
