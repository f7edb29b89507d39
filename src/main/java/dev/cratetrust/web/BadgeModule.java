package dev.cratetrust.web;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.store.AdvisoryRepository;
import dev.cratetrust.store.CratePages;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.StoreChanges;
import dev.cratetrust.store.StoreException;
import dev.cratetrust.store.VerificationRecord;
import dev.cratetrust.store.VerificationResults;
import dev.cratetrust.trust.Advisory;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The badges: {@code /badge/NAME.svg} (newest version the store knows), {@code
 * /badge/NAME/VERSION.svg}, and their shields.io endpoint JSON twins {@code /badge/NAME.json} and
 * {@code /badge/NAME/VERSION.json}. Each response has a strong {@code ETag} (a conditional request
 * gets 304) and a {@code Cache-Control}: a day for a fixed version, five minutes for the newest
 * version and for "not checked". Drawn badges are cached per crate version together with the
 * store's change fingerprint ({@link StoreChanges}), which is read at most once per {@code
 * freshness}; when it changes (a new version or verdict, an advisory sync) every badge is read
 * again, so a badge lags the store by at most {@code freshness}.
 */
public final class BadgeModule implements SiteModule {
  /** How long browsers and proxies may keep a fixed version's badge. */
  static final int FIXED_MAX_AGE = 86_400;

  /** How long they may keep the newest version's (or an unchecked crate's) badge. */
  static final int LATEST_MAX_AGE = 300;

  /** Badges kept in memory at most; the cache is emptied when it grows past this. */
  static final int CACHE_ENTRIES = 100_000;

  static final String SVG_TYPE = "image/svg+xml;charset=utf-8";
  static final String JSON_TYPE = "application/json";

  private final Duration freshness;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, Rendered> cache = new ConcurrentHashMap<>();

  /** A badge read from the store while it had {@code fingerprint}, drawn once in both formats. */
  record Rendered(Badge badge, Body svg, Body json, String fingerprint) {}

  /** The store's fingerprint as read at {@code readNanos}. */
  private record Mark(String fingerprint, long readNanos) {}

  private volatile Mark mark;

  /** A response body with its strong entity tag. */
  record Body(byte[] bytes, String etag) {
    static Body of(String text) {
      byte[] b = text.getBytes(StandardCharsets.UTF_8);
      try {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(b);
        return new Body(b, "\"" + HexFormat.of().formatHex(d, 0, 16) + "\"");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is missing from this JDK", e);
      }
    }
  }

  /** Badges that re-read the store at most every two seconds. */
  public BadgeModule() {
    this(Duration.ofSeconds(2), System::nanoTime);
  }

  /** {@code freshness} zero reads the store for every request. */
  public BadgeModule(Duration freshness, LongSupplier nanoTime) {
    this.freshness = freshness;
    this.nanoTime = nanoTime;
  }

  @Override
  public void register(RoutesConfig routes, SiteContext context) {
    routes.get(
        "/badge/{file}",
        ctx -> {
          String file = ctx.pathParam("file");
          Format f = Format.of(file);
          String name = file.substring(0, file.length() - f.suffix.length());
          answer(ctx, context.database(), CrateModule.crateName(name), Optional.empty(), f);
        });
    routes.get(
        "/badge/{name}/{file}",
        ctx -> {
          String file = ctx.pathParam("file");
          Format f = Format.of(file);
          CrateVersion v =
              CrateModule.crateVersion(file.substring(0, file.length() - f.suffix.length()));
          answer(ctx, context.database(), CrateModule.crateName(ctx), Optional.of(v), f);
        });
  }

  private enum Format {
    SVG(".svg"),
    JSON(".json");

    final String suffix;

    Format(String suffix) {
      this.suffix = suffix;
    }

    static Format of(String file) {
      if (file.endsWith(SVG.suffix)) {
        return SVG;
      }
      if (file.endsWith(JSON.suffix)) {
        return JSON;
      }
      throw SiteException.notFound(
          "badge-format",
          "'"
              + InputText.printable(file)
              + "' is not a badge: badges end in .svg (image) or .json (shields endpoint)");
    }
  }

  private void answer(
      Context ctx, Database db, CrateName name, Optional<CrateVersion> version, Format format)
      throws StoreException {
    Rendered r = rendered(db, name, version);
    boolean fixed = version.isPresent() && r.badge().verdict();
    int maxAge = fixed ? FIXED_MAX_AGE : LATEST_MAX_AGE;
    Body body = format == Format.SVG ? r.svg() : r.json();
    ctx.header("ETag", body.etag());
    ctx.header("Cache-Control", "public, max-age=" + maxAge);
    if (matches(ctx.header("If-None-Match"), body.etag())) {
      ctx.status(304);
      return;
    }
    ctx.contentType(format == Format.SVG ? SVG_TYPE : JSON_TYPE);
    ctx.result(body.bytes());
  }

  /** Whether an {@code If-None-Match} value names {@code etag} (weak comparison, as for GET). */
  static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String t : ifNoneMatch.split(",")) {
      String tag = t.strip();
      if (tag.startsWith("W/")) {
        tag = tag.substring(2);
      }
      if (tag.equals("*") || tag.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  Rendered rendered(Database db, CrateName name, Optional<CrateVersion> version)
      throws StoreException {
    String key = name.value() + "@" + version.map(CrateVersion::value).orElse("");
    String fingerprint = fingerprint(db);
    Rendered r = cache.get(key);
    if (r != null && r.fingerprint().equals(fingerprint)) {
      return r;
    }
    Badge b = read(db, name, version);
    Rendered fresh =
        new Rendered(
            b, Body.of(b.svg()), Body.of(b.endpointJson(LATEST_MAX_AGE).toString()), fingerprint);
    if (cache.size() >= CACHE_ENTRIES) {
      cache.clear();
    }
    cache.put(key, fresh);
    return fresh;
  }

  /** The store's fingerprint, read again once {@code freshness} has passed since the last read. */
  private String fingerprint(Database db) throws StoreException {
    long now = nanoTime.getAsLong();
    Mark m = mark;
    if (m == null || now - m.readNanos() >= freshness.toNanos()) {
      m = new Mark(new StoreChanges(db).fingerprint(), now);
      mark = m;
    }
    return m.fingerprint();
  }

  /**
   * Reads the badge of {@code version} (the newest version the store knows when empty): the stored
   * verdict from crates.io following the crate's own repository link (else any stored verdict of
   * that version), else a verification job given up on, and the RustSec advisories that apply.
   */
  static Badge read(Database db, CrateName name, Optional<CrateVersion> version)
      throws StoreException {
    CratePages pages = new CratePages(db);
    List<CrateVersion> versions = pages.versions(name);
    Optional<CrateVersion> v = version.or(() -> versions.stream().findFirst());
    if (v.isEmpty() || !versions.contains(v.get())) {
      return Badge.notChecked(name, v);
    }
    CrateVersion shown = v.get();
    Optional<VerificationRecord> verification =
        new VerificationResults(db)
            .ofCrate(name).stream()
                .filter(r -> r.id().version().equals(shown))
                .min(BulkData.PREFERRED);
    String cls;
    Optional<Instant> at;
    if (verification.isPresent()) {
      cls = verification.get().category();
      at = Optional.of(verification.get().verifiedAt());
    } else {
      Optional<CratePages.JobFailure> dead = pages.deadJob(new PackageId(name, shown));
      cls = dead.isPresent() ? "could-not-verify" : "not-checked";
      at = dead.map(CratePages.JobFailure::at);
    }
    List<Badge.Flag> flags = new ArrayList<>();
    for (AdvisoryRepository.StoredAdvisory a :
        new AdvisoryRepository(db, CratePageData.PARSERS.advisory()).forCrate(name)) {
      if (a.advisory().statusOf(shown) == Advisory.Status.AFFECTED) {
        flags.add(Badge.Flag.of(a.advisory(), a.source().readAt()));
      }
    }
    flags.sort(Comparator.comparing(Badge.Flag::id).reversed());
    return Badge.of(name, shown, cls, at, flags);
  }
}
