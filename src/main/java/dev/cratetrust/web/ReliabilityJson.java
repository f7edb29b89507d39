package dev.cratetrust.web;

import dev.cratetrust.crates.Parsers;
import dev.cratetrust.signals.Signal;
import dev.cratetrust.signals.SignalsJson;
import dev.cratetrust.store.ScanJobs;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON twins of the Reliability pages ({@code /api/v1/crates/NAME/reliability}, {@code
 * .../compare}, {@code .../VERSION/source-diff}); field names are part of the API.
 */
final class ReliabilityJson {
  private ReliabilityJson() {}

  static ObjectNode timeline(ReliabilityTimeline t, Map<String, ScanJobs.JobStatus> jobs) {
    ObjectNode o = Parsers.json().createObjectNode();
    o.put("crate", t.crate().value());
    ArrayNode versions = o.putArray("versions");
    for (ReliabilityTimeline.Entry e : t.entries()) {
      ObjectNode v = versions.addObject();
      v.put("version", e.version().value());
      verdict(v, e);
      custody(v.putArray("custody"), e.custody());
      ArrayNode flags = v.putArray("flags");
      for (ReliabilityTimeline.Flag f : e.flags()) {
        flags
            .addObject()
            .put("kind", f.kind())
            .put("code", f.code())
            .put("reason", f.reason())
            .put("source", f.source());
      }
      step(v, "since_previous", e.sincePrevious());
      step(v, "since_last_verified", e.sinceLastVerified());
      ArrayNode adv = v.putArray("advisories");
      for (VersionFacts.AdvisoryNote a : e.facts().advisories()) {
        adv.addObject()
            .put("id", a.id())
            .put("kind", a.kind())
            .put("title", a.title())
            .put("status", a.status())
            .put("malicious", a.malicious())
            .put("link", a.link())
            .put("source", a.source())
            .put("synced_at", a.syncedAt().toString());
      }
      ArrayNode audits = v.putArray("audits");
      for (VersionFacts.AuditNote a : e.facts().audits()) {
        ObjectNode ao = audits.addObject().put("kind", a.kind());
        strings(ao.putArray("criteria"), a.criteria());
        strings(ao.putArray("chain"), a.chain());
        ao.put("source", a.source()).put("read_at", a.readAt().toString());
      }
      ArrayNode reviews = v.putArray("reviews");
      for (VersionFacts.ReviewNote r : e.facts().reviews()) {
        reviews
            .addObject()
            .put("author", r.author())
            .put("rating", r.rating())
            .put("thoroughness", r.thoroughness())
            .put("comment", r.comment())
            .put("source", r.source())
            .put("date", r.date());
      }
      v.set("signals", SignalsJson.toJson(e.facts().signals()));
      v.put(
          "signals_computed_at", e.facts().signalsComputedAt().map(Object::toString).orElse(null));
      ScanJobs.JobStatus job = jobs.get(e.version().value());
      v.set("verify_request", job == null ? null : job(job));
    }
    return o;
  }

  static ObjectNode comparison(
      ReliabilityTimeline.Entry from, ReliabilityTimeline.Entry to, ReliabilityTimeline.Step s) {
    ObjectNode o = Parsers.json().createObjectNode();
    o.put("crate", from.facts().id().name().value());
    o.put("old", from.version().value());
    o.put("new", to.version().value());
    ObjectNode old = o.putObject("old_version");
    verdict(old, from);
    custody(old.putArray("custody"), from.custody());
    ObjectNode neu = o.putObject("new_version");
    verdict(neu, to);
    custody(neu.putArray("custody"), to.custody());
    if (s.files().isPresent()) {
      StoredFiles f = s.files().get();
      strings(o.putArray("added"), f.added());
      strings(o.putArray("removed"), f.removed());
      strings(o.putArray("changed"), f.changed());
      o.put("unchanged", f.unchanged());
    } else {
      o.putNull("added");
      o.putNull("removed");
      o.putNull("changed");
      o.putNull("unchanged");
    }
    signalChange(o, s.signals());
    o.put(
        "line_diffs",
        "not stored: the store keeps each file's blob id, not its content; run `cratetrust diff "
            + from.facts().id().name().value()
            + " "
            + from.version().value()
            + " "
            + to.version().value()
            + "` for line diffs");
    return o;
  }

  static ObjectNode sourceDiff(SourceDiff d) {
    ObjectNode o = Parsers.json().createObjectNode();
    o.put("crate", d.id().name().value());
    o.put("version", d.id().version().value());
    o.put("category", d.category());
    o.put("repository", d.repository().orElse(null));
    o.put("commit", d.commit().orElse(null));
    o.put("verified_at", d.verifiedAt().toString());
    o.put("matching", d.matching());
    o.put(
        "evidence",
        "diffs as the verifier stored them at verification time (repository file to crate file;"
            + " text files up to its size cap)");
    ArrayNode files = o.putArray("files");
    for (SourceDiff.FileEntry f : d.files()) {
      files
          .addObject()
          .put("path", f.path())
          .put("status", f.status())
          .put("repository_path", f.repositoryPath().orElse(null))
          .put("diff", f.diff().orElse(null))
          .put("note", f.note().orElse(null));
    }
    return o;
  }

  static ObjectNode job(ScanJobs.JobStatus j) {
    ObjectNode o = Parsers.json().createObjectNode();
    o.put("crate", j.id().name().value());
    o.put("version", j.id().version().value());
    o.put("state", VerifyRequestModule.stateWord(j.state()));
    o.put("verifier_version", j.verifierVersion());
    o.put("queued_at", j.enqueuedAt().toString());
    o.put("finished_at", j.finishedAt().map(Object::toString).orElse(null));
    o.put("last_error", j.lastError().orElse(null));
    return o;
  }

  private static void verdict(ObjectNode v, ReliabilityTimeline.Entry e) {
    if (e.verdict().isPresent()) {
      ReliabilityTimeline.Verdict d = e.verdict().get();
      ObjectNode vo = v.putObject("verdict");
      vo.put("category", d.category());
      strings(vo.putArray("reasons"), d.reasons());
      vo.put("commit", d.commit().orElse(null));
      vo.put("verified_at", d.verifiedAt().toString());
      vo.put("verifier_version", d.verifierVersion());
    } else {
      v.putNull("verdict");
    }
  }

  private static void custody(ArrayNode arr, CustodyChain c) {
    for (CustodyChain.Link l : c.links()) {
      arr.addObject()
          .put("link", l.kind().code())
          .put("state", l.state().code())
          .put("detail", l.detail());
    }
  }

  private static void step(ObjectNode v, String field, Optional<ReliabilityTimeline.Step> step) {
    if (step.isEmpty()) {
      v.putNull(field);
      return;
    }
    ReliabilityTimeline.Step s = step.get();
    ObjectNode o = v.putObject(field);
    o.put("base", s.base().value());
    o.put("base_category", s.baseCategory().orElse(null));
    signalChange(o, s.signals());
    if (s.files().isPresent()) {
      StoredFiles f = s.files().get();
      ObjectNode fo = o.putObject("files");
      strings(fo.putArray("added"), f.added());
      strings(fo.putArray("removed"), f.removed());
      strings(fo.putArray("changed"), f.changed());
      fo.put("unchanged", f.unchanged());
    } else {
      o.putNull("files");
    }
  }

  private static void signalChange(ObjectNode o, SignalChange c) {
    ObjectNode groups = o.putObject("signals_appeared");
    for (Map.Entry<SignalChange.Group, List<Signal>> g : c.appearedByGroup().entrySet()) {
      groups.set(g.getKey().code(), SignalsJson.toJson(g.getValue()));
    }
    o.set("signals_went_away", SignalsJson.toJson(c.wentAway()));
  }

  private static void strings(ArrayNode arr, List<String> values) {
    values.forEach(arr::add);
  }
}
