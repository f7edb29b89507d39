package dev.cratetrust.testing;

import dev.cratetrust.advisory.AdvisoryImport;
import dev.cratetrust.cli.TrustFormats;
import dev.cratetrust.signals.CrateSignals;
import dev.cratetrust.store.AdvisoryRepository;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.RegistryFactsStore;
import dev.cratetrust.store.SignalRecord;
import dev.cratetrust.store.SignalResults;
import dev.cratetrust.store.StoreException;
import dev.cratetrust.store.VerificationResults;
import dev.cratetrust.verify.Verification;
import dev.cratetrust.web.SiteContext;
import dev.cratetrust.web.SiteModule;
import dev.cratetrust.web.SiteModules;
import dev.cratetrust.web.SiteServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * The real web site on a free loopback port over a scratch store ({@code mem}, {@code file} or
 * {@code postgresql}, as {@link TestStores} opens them), with an HTTP client and the access log
 * kept for assertions. Put rows in with the store classes on {@link #database()} before or while
 * the server runs.
 */
public final class SiteFixture implements AutoCloseable {
  /** The fixed time tests see as "now". */
  public static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  private final TestStores stores;
  private final Database database;
  private final SiteServer server;
  private final List<String> accessLog = new CopyOnWriteArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private SiteFixture(
      TestStores stores,
      Database database,
      boolean readOnly,
      List<SiteModule> modules,
      UnaryOperator<SiteServer.Options> options) {
    this.stores = stores;
    this.database = database;
    SiteContext context = new SiteContext(database, Clock.fixed(NOW, ZoneOffset.UTC), readOnly);
    this.server =
        SiteServer.start(
            context, modules, options.apply(SiteServer.Options.defaults(0, accessLog::add)));
  }

  /**
   * The whole site on a new store of {@code kind} ({@code mem}, {@code file}, {@code postgresql}).
   */
  public static SiteFixture start(Path dir, String kind) throws Exception {
    return start(dir, kind, false, SiteModules.all(), UnaryOperator.identity());
  }

  public static SiteFixture start(
      Path dir,
      String kind,
      boolean readOnly,
      List<SiteModule> modules,
      UnaryOperator<SiteServer.Options> options)
      throws Exception {
    TestStores stores = new TestStores(dir);
    try {
      return new SiteFixture(stores, stores.open(kind), readOnly, modules, options);
    } catch (Exception | Error e) {
      stores.closeAll();
      throw e;
    }
  }

  public Database database() {
    return database;
  }

  /** Stores a verification and its signals as {@code cratetrust verify} does. */
  public void store(Verification v) throws StoreException {
    new VerificationResults(database).upsert(v.toRecord());
    new SignalResults(database)
        .upsert(
            new SignalRecord(
                v.report().crate(), CrateSignals.SIGNALS_VERSION, v.signals(), v.verifiedAt()));
  }

  /** Stores RustSec advisories as {@code cratetrust sync} does, read at {@code readAt}. */
  public void storeAdvisories(Instant readAt, List<AdvisoryImport.Entry> entries)
      throws StoreException {
    new AdvisoryRepository(database, TrustFormats.PARSERS.advisory())
        .replace(
            new AdvisoryImport("/advisory-db", Optional.empty(), entries, List.of()),
            "rustsec",
            readAt);
  }

  /** Imports a registry dump as {@code cratetrust sync-dump} does. */
  public void importDump(Path dump) throws Exception {
    new RegistryFactsStore(database, Clock.fixed(NOW, ZoneOffset.UTC)).importDump(dump);
  }

  public SiteServer server() {
    return server;
  }

  /** The base URI, ending in {@code /}. */
  public URI base() {
    return server.uri();
  }

  public URI uri(String pathAndQuery) {
    return base().resolve(pathAndQuery.startsWith("/") ? pathAndQuery.substring(1) : pathAndQuery);
  }

  /** Lines the access log has written so far. */
  public List<String> accessLog() {
    return accessLog;
  }

  public HttpClient http() {
    return http;
  }

  /** GET {@code pathAndQuery} (already URL-encoded), body as text. */
  public HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET().build());
  }

  /** GET with an {@code Accept} header. */
  public HttpResponse<String> get(String pathAndQuery, String accept)
      throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(pathAndQuery)).header("Accept", accept).GET().build());
  }

  public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    try {
      server.stop();
    } finally {
      http.close();
      try {
        stores.closeAll();
      } catch (Exception e) {
        throw new IllegalStateException("close the site's scratch store: " + e, e);
      }
    }
  }
}
