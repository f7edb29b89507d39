package dev.cratetrust.web;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.store.VerificationRecord;
import dev.cratetrust.store.VerificationResults;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Bulk data: {@code /data/verdicts.jsonl} (every stored verification, one JSON object a line),
 * {@code /data/osv.jsonl} (one OSV-style record per crate version) and {@code
 * /data/osv/NAME/VERSION.json} (one record). The dumps are streamed from the store as they are
 * read, never held whole in memory; they are not paged.
 */
public final class DataModule implements SiteModule {
  static final String NDJSON = "application/x-ndjson";

  /** How long clients may keep a dump (the data changes when a scan stores verdicts). */
  static final int DUMP_MAX_AGE = 3600;

  @Override
  public void register(RoutesConfig routes, SiteContext context) {
    routes.get(
        "/data/verdicts.jsonl",
        ctx -> stream(ctx, out -> BulkData.writeVerdicts(context.database(), out)));
    routes.get(
        "/data/osv.jsonl", ctx -> stream(ctx, out -> BulkData.writeOsv(context.database(), out)));
    routes.get(
        "/data/osv/{name}/{file}",
        ctx -> {
          CrateName name = CrateModule.crateName(ctx);
          String file = ctx.pathParam("file");
          if (!file.endsWith(".json")) {
            throw SiteException.notFound(
                "not-found", "OSV-style records are served as /data/osv/NAME/VERSION.json");
          }
          CrateVersion v = CrateModule.crateVersion(file.substring(0, file.length() - 5));
          List<VerificationRecord> rows =
              new VerificationResults(context.database())
                  .ofCrate(name).stream().filter(r -> r.id().version().equals(v)).toList();
          var record =
              BulkData.osvOf(rows)
                  .orElseThrow(
                      () ->
                          SiteException.notFound(
                              "verdict-not-found",
                              "the store holds no verification of " + name + " " + v));
          ctx.header("Cache-Control", "public, max-age=" + DUMP_MAX_AGE);
          ctx.contentType(Replies.JSON).result(BulkData.prettyBytes(record));
        });
  }

  @FunctionalInterface
  private interface Writer {
    void write(OutputStream out) throws Exception;
  }

  private static void stream(Context ctx, Writer writer) throws Exception {
    ctx.header("Cache-Control", "public, max-age=" + DUMP_MAX_AGE);
    ctx.contentType(NDJSON + "; charset=utf-8");
    try (OutputStream out = new BufferedOutputStream(ctx.outputStream(), 64 * 1024)) {
      writer.write(out);
    }
  }
}
