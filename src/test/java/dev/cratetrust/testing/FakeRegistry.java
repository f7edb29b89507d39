package dev.cratetrust.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.crates.Parsers;
import dev.cratetrust.registry.CrateIndex;
import dev.cratetrust.registry.IndexEntry;
import dev.cratetrust.registry.VersionMetadata;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A crates.io-like registry on {@code 127.0.0.1}, for end-to-end tests: sparse index files in
 * cargo's format (computed from what was published), {@code config.json}, archive downloads, the
 * {@code /api/v1/crates/{name}/{version}} endpoint, and fault injection per path.
 *
 * <pre>{@code
 * try (FakeRegistry reg = FakeRegistry.start()) {
 *   reg.publish(PackageId.of("foo", "1.0.0"), MaliciousArchiveBuilder.crate("foo", "1.0.0").build());
 *   Registry r = Registry.sparse(reg.indexUrl(), Optional.of(reg.apiUrl()), http, limits);
 *   reg.fault(reg.cratePath(id), Fault.status(503).retryAfter("1").times(1));
 * }
 * }</pre>
 *
 * <p>Paths served (all decoded): {@code /index/config.json}, {@code /index/{cargo index path}},
 * {@code /crates/{name}/{name}-{version}.crate} (the default {@code dl} template; like
 * static.crates.io it answers 403 when the raw path has a literal {@code +}, which must be sent as
 * {@code %2B}), {@code /api/v1/crates/{name}/{version}/download} (302 to the archive) and {@code
 * /api/v1/crates/{name}/{version}}. Unknown paths answer 404.
 */
public final class FakeRegistry implements AutoCloseable {
  private static final DateTimeFormatter API_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<PackageId, Published> published = new ConcurrentHashMap<>();
  private final Map<String, String> rawIndexFiles = new ConcurrentHashMap<>();
  private final Map<String, Fault> faults = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> faultUses = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile String dl;
  private volatile Duration latency = Duration.ZERO;

  /** One request as received. */
  public record Request(String method, String path, String rawPath, String userAgent) {}

  /**
   * Publication options; start from {@link #defaults()}.
   *
   * @param trustpub crates.io {@code trustpub_data} to serve from the API
   */
  public record Options(
      boolean yanked,
      List<IndexEntry.Dependency> deps,
      Map<String, List<String>> features,
      Map<String, List<String>> features2,
      Optional<VersionMetadata.TrustedPublishing> trustpub,
      String publishedBy,
      Instant pubtime,
      Optional<String> rustVersion,
      Optional<String> license,
      Optional<String> links) {

    public static Options defaults() {
      return new Options(
          false,
          List.of(),
          Map.of(),
          Map.of(),
          Optional.empty(),
          "alice",
          Instant.parse("2025-06-01T12:00:00Z"),
          Optional.empty(),
          Optional.of("MIT"),
          Optional.empty());
    }

    public Options yanked(boolean y) {
      return new Options(
          y,
          deps,
          features,
          features2,
          trustpub,
          publishedBy,
          pubtime,
          rustVersion,
          license,
          links);
    }

    public Options deps(List<IndexEntry.Dependency> d) {
      return new Options(
          yanked,
          d,
          features,
          features2,
          trustpub,
          publishedBy,
          pubtime,
          rustVersion,
          license,
          links);
    }

    public Options features(Map<String, List<String>> f, Map<String, List<String>> f2) {
      return new Options(
          yanked, deps, f, f2, trustpub, publishedBy, pubtime, rustVersion, license, links);
    }

    public Options trustpub(VersionMetadata.TrustedPublishing t) {
      return new Options(
          yanked,
          deps,
          features,
          features2,
          Optional.of(t),
          publishedBy,
          pubtime,
          rustVersion,
          license,
          links);
    }

    public Options publishedBy(String login) {
      return new Options(
          yanked, deps, features, features2, trustpub, login, pubtime, rustVersion, license, links);
    }

    public Options pubtime(Instant t) {
      return new Options(
          yanked, deps, features, features2, trustpub, publishedBy, t, rustVersion, license, links);
    }

    public Options rustVersion(String v) {
      return new Options(
          yanked,
          deps,
          features,
          features2,
          trustpub,
          publishedBy,
          pubtime,
          Optional.of(v),
          license,
          links);
    }

    public Options links(String l) {
      return new Options(
          yanked,
          deps,
          features,
          features2,
          trustpub,
          publishedBy,
          pubtime,
          rustVersion,
          license,
          Optional.of(l));
    }
  }

  /** A published version: its bytes, their SHA-256 and the options. */
  public record Published(PackageId id, byte[] bytes, String cksum, Options options) {}

  /** What kind of fault to inject. */
  public enum FaultKind {
    /** Answer {@code status} with an optional {@code Retry-After} and a short body. */
    STATUS,
    /** Send the real headers, then half the body, then close. */
    TRUNCATE,
    /** Send the real response with every body byte flipped. */
    WRONG_BYTES,
    /** Wait {@code delay}, then send the real response. */
    DELAY,
    /** Answer 302 to {@code location}. */
    REDIRECT,
    /** Send the real headers, then the body one byte per {@code delay}. */
    DRIP
  }

  /**
   * A fault for one path; applied to the first {@code times} requests, then the path works again.
   */
  public record Fault(
      FaultKind kind,
      int status,
      Optional<String> retryAfter,
      Duration delay,
      String location,
      int times) {
    public static Fault status(int status) {
      return new Fault(
          FaultKind.STATUS, status, Optional.empty(), Duration.ZERO, "", Integer.MAX_VALUE);
    }

    public static Fault truncate() {
      return new Fault(
          FaultKind.TRUNCATE, 200, Optional.empty(), Duration.ZERO, "", Integer.MAX_VALUE);
    }

    public static Fault wrongBytes() {
      return new Fault(
          FaultKind.WRONG_BYTES, 200, Optional.empty(), Duration.ZERO, "", Integer.MAX_VALUE);
    }

    public static Fault delay(Duration d) {
      return new Fault(FaultKind.DELAY, 200, Optional.empty(), d, "", Integer.MAX_VALUE);
    }

    public static Fault drip(Duration perByte) {
      return new Fault(FaultKind.DRIP, 200, Optional.empty(), perByte, "", Integer.MAX_VALUE);
    }

    public static Fault redirect(String location) {
      return new Fault(
          FaultKind.REDIRECT, 302, Optional.empty(), Duration.ZERO, location, Integer.MAX_VALUE);
    }

    public Fault retryAfter(String value) {
      return new Fault(kind, status, Optional.of(value), delay, location, times);
    }

    public Fault times(int n) {
      return new Fault(kind, status, retryAfter, delay, location, n);
    }
  }

  private FakeRegistry() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    dl = baseUrl() + "/crates/{crate}/{crate}-{version}.crate";
  }

  /** Starts a server on a free loopback port. */
  public static FakeRegistry start() {
    try {
      return new FakeRegistry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code http://127.0.0.1:PORT}, no trailing slash. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** {@code sparse+http://127.0.0.1:PORT/index/}. */
  public String indexUrl() {
    return "sparse+" + baseUrl() + "/index/";
  }

  /** The API base ({@code api} in config.json). */
  public String apiUrl() {
    return baseUrl();
  }

  /** Sets {@code dl} in config.json (a template with markers, or a base URL). */
  public FakeRegistry dl(String template) {
    this.dl = template;
    return this;
  }

  /** Makes config.json's {@code dl} the marker-less API base, so downloads go through a 302. */
  public FakeRegistry dlWithoutMarkers() {
    return dl(baseUrl() + "/api/v1/crates");
  }

  public Published publish(PackageId id, byte[] crateBytes) {
    return publish(id, crateBytes, Options.defaults());
  }

  public Published publish(PackageId id, byte[] crateBytes, Options options) {
    Published p = new Published(id, crateBytes.clone(), sha256(crateBytes), options);
    published.put(id, p);
    return p;
  }

  public void yank(PackageId id) {
    Published p = published.get(id);
    published.put(id, new Published(id, p.bytes(), p.cksum(), p.options().yanked(true)));
  }

  /** Serves {@code content} verbatim as the index file of {@code name}. */
  public void rawIndexFile(CrateName name, String content) {
    rawIndexFiles.put(indexPath(name), content);
  }

  /** Injects {@code fault} for requests to {@code path} (decoded, as {@link #cratePath} gives). */
  public void fault(String path, Fault fault) {
    faults.put(path, fault);
    faultUses.put(path, new AtomicInteger());
  }

  public void clearFaults() {
    faults.clear();
  }

  /**
   * Delays every answer by {@code perRequest} before it is served, a model of a network round trip
   * (benchmarks); zero, the default, answers at once.
   */
  public FakeRegistry latency(Duration perRequest) {
    latency = java.util.Objects.requireNonNull(perRequest);
    return this;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** How many requests reached {@code path}. */
  public long count(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).count();
  }

  public static String indexPath(CrateName name) {
    return "/index/" + CrateIndex.indexPath(name);
  }

  public static String cratePath(PackageId id) {
    return "/crates/" + id.name() + "/" + id.name() + "-" + id.version() + ".crate";
  }

  public static String apiPath(PackageId id) {
    return "/api/v1/crates/" + id.name() + "/" + id.version();
  }

  /** The index line served for {@code id}, exactly. */
  public String indexLine(PackageId id) {
    return indexLine(published.get(id));
  }

  /** Writes everything published as a cargo local-registry directory. */
  public void writeLocalRegistry(Path dir) throws IOException {
    for (Map.Entry<String, String> f : indexFiles().entrySet()) {
      Path file = dir.resolve(f.getKey().substring(1));
      Files.createDirectories(file.getParent());
      Files.writeString(file, f.getValue());
    }
    Files.createDirectories(dir.resolve("index"));
    for (Published p : published.values()) {
      Files.write(dir.resolve(p.id().name() + "-" + p.id().version() + ".crate"), p.bytes());
    }
  }

  /** One index file, built from the versions it holds only (not the whole index per request). */
  private String indexFile(String path) {
    String raw = rawIndexFiles.get(path);
    if (raw != null) {
      return raw;
    }
    String name = path.substring(path.lastIndexOf('/') + 1);
    StringBuilder b = new StringBuilder();
    published.values().stream()
        .filter(p -> p.id().name().value().equalsIgnoreCase(name))
        .filter(p -> indexPath(p.id().name()).equals(path))
        .sorted((x, y) -> x.id().compareTo(y.id()))
        .forEach(p -> b.append(indexLine(p)).append('\n'));
    return b.isEmpty() ? null : b.toString();
  }

  private Map<String, String> indexFiles() {
    Map<String, List<Published>> byFile = new LinkedHashMap<>();
    published.values().stream()
        .sorted((a, b) -> a.id().compareTo(b.id()))
        .forEach(
            p -> byFile.computeIfAbsent(indexPath(p.id().name()), k -> new ArrayList<>()).add(p));
    Map<String, String> out = new LinkedHashMap<>();
    byFile.forEach(
        (path, list) -> {
          StringBuilder b = new StringBuilder();
          list.forEach(p -> b.append(indexLine(p)).append('\n'));
          out.put(path, b.toString());
        });
    out.putAll(rawIndexFiles);
    return out;
  }

  private static String indexLine(Published p) {
    Options o = p.options();
    ObjectNode n = Parsers.json().createObjectNode();
    n.put("name", p.id().name().value());
    n.put("vers", p.id().version().value());
    ArrayNode deps = n.putArray("deps");
    for (IndexEntry.Dependency d : o.deps()) {
      ObjectNode j = deps.addObject();
      j.put("name", d.name());
      j.put("req", d.req());
      ArrayNode f = j.putArray("features");
      d.features().forEach(f::add);
      j.put("optional", d.optional());
      j.put("default_features", d.defaultFeatures());
      if (d.target().isPresent()) {
        j.put("target", d.target().get());
      } else {
        j.putNull("target");
      }
      j.put("kind", d.kind().name().toLowerCase(Locale.ROOT));
      d.registry().ifPresent(r -> j.put("registry", r));
      d.packageName().ifPresent(r -> j.put("package", r));
    }
    n.put("cksum", p.cksum());
    features(n.putObject("features"), o.features());
    n.put("yanked", o.yanked());
    o.links().ifPresent(l -> n.put("links", l));
    if (!o.features2().isEmpty()) {
      features(n.putObject("features2"), o.features2());
      n.put("v", 2);
    }
    o.rustVersion().ifPresent(r -> n.put("rust_version", r));
    n.put(
        "pubtime",
        DateTimeFormatter.ISO_INSTANT.format(
            o.pubtime().with(java.time.temporal.ChronoField.NANO_OF_SECOND, 0)));
    return Parsers.json().writeValueAsString(n);
  }

  private static void features(ObjectNode target, Map<String, List<String>> f) {
    f.forEach(
        (k, v) -> {
          ArrayNode a = target.putArray(k);
          v.forEach(a::add);
        });
  }

  private String apiJson(Published p) {
    Options o = p.options();
    ObjectNode root = Parsers.json().createObjectNode();
    ObjectNode v = root.putObject("version");
    v.put("id", Math.abs(p.id().hashCode()));
    v.put("crate", p.id().name().value());
    v.put("num", p.id().version().value());
    v.put("checksum", p.cksum());
    v.put("created_at", API_TIME.format(o.pubtime()));
    v.put("yanked", o.yanked());
    o.license().ifPresentOrElse(l -> v.put("license", l), () -> v.putNull("license"));
    v.put("crate_size", p.bytes().length);
    v.put("dl_path", "/api/v1/crates/" + p.id().name() + "/" + p.id().version() + "/download");
    ObjectNode by = v.putObject("published_by");
    by.put("id", 1);
    by.put("login", o.publishedBy());
    by.put("name", o.publishedBy());
    if (o.trustpub().isPresent()) {
      VersionMetadata.TrustedPublishing t = o.trustpub().get();
      ObjectNode tp = v.putObject("trustpub_data");
      tp.put("provider", t.provider());
      t.repository().ifPresent(x -> tp.put("repository", x));
      t.projectPath().ifPresent(x -> tp.put("project_path", x));
      t.sha().ifPresent(x -> tp.put("sha", x));
      t.runId().ifPresent(x -> tp.put("run_id", x));
      t.jobId().ifPresent(x -> tp.put("job_id", x));
    } else {
      v.putNull("trustpub_data");
    }
    return Parsers.json().writeValueAsString(root);
  }

  private record Answer(int status, byte[] body, Map<String, String> headers) {
    static Answer of(int status, String body) {
      return new Answer(status, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }
  }

  private Answer route(String path, String rawPath) {
    if (path.equals("/index/config.json")) {
      ObjectNode n = Parsers.json().createObjectNode();
      n.put("dl", dl);
      n.put("api", apiUrl());
      return Answer.of(200, Parsers.json().writeValueAsString(n));
    }
    if (path.startsWith("/index/")) {
      String file = indexFile(path);
      return file == null ? Answer.of(404, "not found") : Answer.of(200, file);
    }
    if (path.startsWith("/crates/")) {
      if (rawPath.contains("+")) {
        return Answer.of(403, "forbidden: '+' must be sent as %2B");
      }
      for (Published p : published.values()) {
        if (path.startsWith("/crates/" + p.id().name() + "/") && cratePath(p.id()).equals(path)) {
          return new Answer(200, p.bytes(), Map.of("Content-Type", "application/gzip"));
        }
      }
      return Answer.of(404, "not found");
    }
    if (path.startsWith("/api/v1/crates/")) {
      for (Published p : published.values()) {
        if ((apiPath(p.id()) + "/download").equals(path)) {
          String location =
              "/crates/"
                  + p.id().name()
                  + "/"
                  + p.id().name()
                  + "-"
                  + p.id().version().value().replace("+", "%2B")
                  + ".crate";
          return new Answer(302, new byte[0], Map.of("Location", location));
        }
        if (apiPath(p.id()).equals(path)) {
          return new Answer(
              200,
              apiJson(p).getBytes(StandardCharsets.UTF_8),
              Map.of("Content-Type", "application/json"));
        }
      }
      return Answer.of(404, "{\"errors\":[{\"detail\":\"Not Found\"}]}");
    }
    return Answer.of(404, "not found");
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String rawPath = ex.getRequestURI().getRawPath();
      requests.add(
          new Request(
              ex.getRequestMethod(), path, rawPath, ex.getRequestHeaders().getFirst("User-Agent")));
      if (!latency.isZero()) {
        try {
          Thread.sleep(latency);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      Answer a = route(path, rawPath);
      Fault f = faults.get(path);
      if (f != null && faultUses.get(path).getAndIncrement() < f.times()) {
        switch (f.kind()) {
          case STATUS -> {
            f.retryAfter().ifPresent(v -> ex.getResponseHeaders().add("Retry-After", v));
            send(
                ex,
                new Answer(
                    f.status(), "injected fault".getBytes(StandardCharsets.UTF_8), Map.of()));
            return;
          }
          case REDIRECT -> {
            send(ex, new Answer(302, new byte[0], Map.of("Location", f.location())));
            return;
          }
          case WRONG_BYTES -> {
            byte[] b = a.body().clone();
            for (int i = 0; i < b.length; i++) {
              b[i] ^= (byte) 0xff;
            }
            send(ex, new Answer(a.status(), b, a.headers()));
            return;
          }
          case DELAY -> {
            try {
              Thread.sleep(f.delay());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
          }
          case DRIP -> {
            a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            ex.sendResponseHeaders(a.status(), a.body().length);
            OutputStream out = ex.getResponseBody();
            for (byte b : a.body()) {
              out.write(b);
              out.flush();
              try {
                Thread.sleep(f.delay());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
              }
            }
            out.close();
            return;
          }
          case TRUNCATE -> {
            a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            ex.sendResponseHeaders(a.status(), a.body().length);
            OutputStream out = ex.getResponseBody();
            out.write(a.body(), 0, a.body().length / 2);
            out.flush();
            throw new IOException("truncating on purpose");
          }
        }
      }
      send(ex, a);
    } catch (IOException e) {
      // the connection is dropped; the client sees a short body
    }
  }

  private static void send(HttpExchange ex, Answer a) throws IOException {
    a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    ex.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
    if (a.body().length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(a.body());
      }
    }
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
