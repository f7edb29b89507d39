package dev.cratetrust.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A smart-HTTP git server on {@code 127.0.0.1} for tests: a JDK {@link HttpServer} that runs {@code
 * git http-backend} as a CGI for every request, serving the bare repositories below {@link
 * #root()}; per-repository faults simulate 401/404/500 answers, redirects and slow servers.
 *
 * <p>Usage: {@code try (var server = new GitHttpServer(dir)) { fetch(server.url("crate.git")); }}
 * with bare repositories created at {@code dir.resolve("crate.git")} (see {@link TestGitRepos}).
 * Every request is recorded in {@link #requests()} so tests can assert that no network was used.
 */
public final class GitHttpServer implements AutoCloseable {
  private static final String BACKEND = "/usr/lib/git-core/git-http-backend";

  /** A way to misbehave for one repository. */
  public sealed interface Fault {}

  /** Answer every request with this HTTP status and no body. */
  public record Status(int code) implements Fault {}

  /** Serve the real answer, but one byte every {@code perByte}. */
  public record SlowDrip(Duration perByte) implements Fault {}

  /** Answer 302 with {@code Location: baseUrl + the request path}. */
  public record RedirectTo(String baseUrl) implements Fault {}

  /** One request seen by the server. */
  public record Request(String method, String path, String query) {}

  private final Path root;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, Fault> faults = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile Duration latency = Duration.ZERO;

  /** Starts serving the bare repositories under {@code root} on an ephemeral loopback port. */
  public GitHttpServer(Path root) throws IOException {
    this.root = root.toAbsolutePath();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public Path root() {
    return root;
  }

  /** The base URL, {@code http://127.0.0.1:<port>}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The clone URL of the repository at {@code root().resolve(repoName)}. */
  public String url(String repoName) {
    return baseUrl() + "/" + repoName;
  }

  /** Makes every request for {@code repoName} misbehave as {@code fault}. */
  public void fault(String repoName, Fault fault) {
    faults.put(repoName, Objects.requireNonNull(fault));
  }

  public void clearFaults() {
    faults.clear();
  }

  /**
   * Delays every answer by {@code perRequest} before it is served, a model of a network round trip
   * (benchmarks); zero, the default, answers at once.
   */
  public void latency(Duration perRequest) {
    latency = Objects.requireNonNull(perRequest);
  }

  /** Every request so far, oldest first. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      String query = ex.getRequestURI().getRawQuery();
      requests.add(new Request(ex.getRequestMethod(), path, query));
      if (!latency.isZero()) {
        Thread.sleep(latency);
      }
      Fault fault = faultFor(path);
      switch (fault) {
        case Status s -> {
          if (s.code() == 401) {
            ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"test\"");
          }
          ex.sendResponseHeaders(s.code(), -1);
          return;
        }
        case RedirectTo r -> {
          ex.getResponseHeaders()
              .add("Location", r.baseUrl() + path + (query == null ? "" : "?" + query));
          ex.sendResponseHeaders(302, -1);
          return;
        }
        case null, default -> cgi(ex, path, query, fault instanceof SlowDrip d ? d : null);
      }
    } catch (IOException | RuntimeException e) {
      // The client went away (timeouts in tests) or the backend failed; nothing to report.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Fault faultFor(String path) {
    for (var e : faults.entrySet()) {
      if (path.startsWith("/" + e.getKey() + "/") || path.equals("/" + e.getKey())) {
        return e.getValue();
      }
    }
    return null;
  }

  private void cgi(HttpExchange ex, String path, String query, SlowDrip drip) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(BACKEND);
    Map<String, String> env = pb.environment();
    env.clear();
    env.put("PATH", "/usr/bin:/bin");
    env.put("HOME", root.toString());
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_PROJECT_ROOT", root.toString());
    env.put("GIT_HTTP_EXPORT_ALL", "1");
    env.put("PATH_INFO", path);
    env.put("QUERY_STRING", query == null ? "" : query);
    env.put("REQUEST_METHOD", ex.getRequestMethod());
    env.put("REMOTE_ADDR", "127.0.0.1");
    String contentType = ex.getRequestHeaders().getFirst("Content-Type");
    if (contentType != null) {
      env.put("CONTENT_TYPE", contentType);
    }
    String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
    if (encoding != null) {
      env.put("HTTP_CONTENT_ENCODING", encoding);
    }
    String protocol = ex.getRequestHeaders().getFirst("Git-Protocol");
    if (protocol != null) {
      env.put("GIT_PROTOCOL", protocol);
    }
    byte[] body = ex.getRequestBody().readAllBytes();
    env.put("CONTENT_LENGTH", Integer.toString(body.length));
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    try {
      Thread writer =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (OutputStream in = p.getOutputStream()) {
                      in.write(body);
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  });
      InputStream out = p.getInputStream();
      int status = 200;
      for (String line = readLine(out); line != null && !line.isEmpty(); line = readLine(out)) {
        int colon = line.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = line.substring(0, colon).strip();
        String value = line.substring(colon + 1).strip();
        if (name.equalsIgnoreCase("Status")) {
          status = Integer.parseInt(value.split(" ")[0]);
        } else {
          ex.getResponseHeaders().add(name, value);
        }
      }
      ex.sendResponseHeaders(status, 0);
      try (OutputStream resp = ex.getResponseBody()) {
        if (drip == null) {
          out.transferTo(resp);
        } else {
          for (int b = out.read(); b >= 0; b = out.read()) {
            resp.write(b);
            resp.flush();
            Thread.sleep(drip.perByte());
          }
        }
      }
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      p.destroyForcibly();
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b >= 0; b = in.read()) {
      if (b == '\n') {
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      line.write(b);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
  }
}
