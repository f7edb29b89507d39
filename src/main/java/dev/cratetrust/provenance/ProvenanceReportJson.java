package dev.cratetrust.provenance;

import dev.cratetrust.crates.Parsers;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders a {@link ProvenanceReport} as the stable JSON document of {@code verify --format json}.
 */
public final class ProvenanceReportJson {
  private ProvenanceReportJson() {}

  /** The report as a JSON object; field names are part of the public interface. */
  public static ObjectNode toJson(ProvenanceReport r) {
    ObjectNode o = Parsers.json().createObjectNode();
    o.put("crate", r.crate().name().value());
    o.put("version", r.crate().version().value());
    o.put("category", r.category().code());
    ArrayNode reasons = o.putArray("reasons");
    r.reasonCodes().forEach(reasons::add);
    ArrayNode findings = o.putArray("findings");
    for (Finding f : r.reasons()) {
      ObjectNode fo = findings.addObject();
      fo.put("code", f.reason().code());
      fo.put("implies", f.reason().implies().map(Category::code).orElse(null));
      fo.put("summary", f.reason().summary());
      fo.put("detail", f.detail());
      ArrayNode ev = fo.putArray("evidence");
      f.evidence().forEach(ev::add);
    }
    o.put("repository", r.repository().orElse(null));
    o.put("commit", r.commit().map(c -> c.hex()).orElse(null));
    o.put("path_in_vcs", r.pathInVcs().orElse(null));
    ObjectNode tags = o.putObject("tags");
    ArrayNode on = tags.putArray("on_commit");
    r.tags().onCommit().forEach(on::add);
    tags.put("matched", r.tags().matched().orElse(null));
    tags.put("how", r.tags().how().code());
    ArrayNode elsewhere = tags.putArray("elsewhere");
    r.tags().elsewhere().forEach(elsewhere::add);
    o.put(
        "on_default_branch",
        r.defaultBranch()
            .map(b -> b.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
            .orElse(null));
    ArrayNode files = o.putArray("files");
    for (FileResult f : r.files()) {
      ObjectNode fo = files.addObject();
      fo.put("path", f.path());
      fo.put("status", f.status().code());
      fo.put("explanation", f.explanation().map(Explanation::code).orElse(null));
      fo.put("repository_path", f.repositoryPath().orElse(null));
      fo.put("crate_blob", f.crateBlob());
      fo.put("repository_blob", f.repositoryBlob().orElse(null));
      if (f.foundElsewhere().isPresent()) {
        fo.put("found_elsewhere_in_repository", f.foundElsewhere().get());
      }
      f.diff().ifPresent(d -> fo.put("diff", d));
      f.detail().ifPresent(d -> fo.put("detail", d));
    }
    if (r.trustedPublishing().isPresent()) {
      TrustedPublishing tp = r.trustedPublishing().get();
      ObjectNode t = o.putObject("trusted_publishing");
      t.put("provider", tp.provider());
      t.put("repository", tp.repository());
      t.put("sha", tp.sha().orElse(null));
    }
    o.put("checker_version", r.checkerVersion());
    return o;
  }
}
