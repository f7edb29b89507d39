package dev.cratetrust.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.QueueStatus;
import dev.cratetrust.store.StoreException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Prometheus text-format {@code GET /metrics} endpoint (JDK HTTP server) for {@code worker} and
 * {@code follow}: the queue as {@code cratetrust status} reports it, plus the process's own
 * counters.
 */
final class MetricsEndpoint implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MetricsEndpoint.class);

  private final HttpServer server;
  private final ExecutorService executor;

  private MetricsEndpoint(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Serves {@code /metrics} on {@code address:port} (port 0: any free port); {@code local} appends
   * the process's own metric lines.
   */
  static MetricsEndpoint start(
      String address, int port, Database db, Consumer<StringBuilder> local) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(address, port), 16);
    } catch (IOException | IllegalArgumentException e) {
      throw new UsageException(
          "--metrics-port " + port + ": cannot listen on " + address + ":" + port + ": " + e);
    }
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            handle(exchange, db, local);
          } catch (IOException | RuntimeException e) {
            log.warn("serve {}: {}", exchange.getRequestURI(), e.toString());
          }
        });
    server.start();
    return new MetricsEndpoint(server, executor);
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static void handle(HttpExchange exchange, Database db, Consumer<StringBuilder> local)
      throws IOException {
    if (!exchange.getRequestURI().getPath().equals("/metrics")) {
      send(exchange, 404, "not found: only /metrics is served\n");
      return;
    }
    String method = exchange.getRequestMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      exchange.getResponseHeaders().set("Allow", "GET, HEAD");
      send(exchange, 405, "method not allowed\n");
      return;
    }
    StringBuilder sb = new StringBuilder();
    try {
      render(new QueueStatus(db).read(), sb);
    } catch (StoreException e) {
      send(exchange, 503, "read the queue status: " + e.getMessage() + "\n");
      return;
    }
    local.accept(sb);
    send(exchange, 200, sb.toString());
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange
        .getResponseHeaders()
        .set(
            "Content-Type",
            status == 200
                ? "text/plain; version=0.0.4; charset=utf-8"
                : "text/plain; charset=utf-8");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** The queue snapshot in Prometheus text format. */
  static void render(QueueStatus.Snapshot s, StringBuilder sb) {
    header(sb, "cratetrust_queue_jobs", "gauge", "Scan jobs by state and priority class.");
    s.queued()
        .forEach(
            (k, n) ->
                line(sb, "cratetrust_queue_jobs", Map.of("state", "queued", "priority", k), n));
    line(sb, "cratetrust_queue_jobs", Map.of("state", "running"), s.running());
    line(sb, "cratetrust_queue_jobs", Map.of("state", "done"), s.done());
    line(sb, "cratetrust_queue_jobs", Map.of("state", "dead"), s.dead());
    header(
        sb,
        "cratetrust_jobs_finished_recent",
        "gauge",
        "Jobs finished (verified) within the last window.");
    s.finished()
        .forEach(
            (w, n) ->
                line(
                    sb,
                    "cratetrust_jobs_finished_recent",
                    Map.of("window", StatusCommand.window(w)),
                    n));
    header(
        sb,
        "cratetrust_jobs_failed_recent",
        "gauge",
        "Jobs whose latest failed attempt lies within the last window, by kind.");
    for (Map.Entry<String, Map<Duration, Long>> k : s.failures().entrySet()) {
      k.getValue()
          .forEach(
              (w, n) ->
                  line(
                      sb,
                      "cratetrust_jobs_failed_recent",
                      Map.of("kind", k.getKey(), "window", StatusCommand.window(w)),
                      n));
    }
    header(
        sb,
        "cratetrust_oldest_pending_job_age_seconds",
        "gauge",
        "Age of the oldest waiting job (0 when none waits).");
    line(
        sb,
        "cratetrust_oldest_pending_job_age_seconds",
        Map.of(),
        s.oldest().map(o -> o.age().toSeconds()).orElse(0L));
    header(
        sb,
        "cratetrust_worker_heartbeat_age_seconds",
        "gauge",
        "Seconds since each worker or follower last reported (processes seen in the last day).");
    for (QueueStatus.Process p : s.processes()) {
      line(
          sb,
          "cratetrust_worker_heartbeat_age_seconds",
          Map.of(
              "owner",
              p.owner(),
              "kind",
              p.kind(),
              "stopped",
              String.valueOf(p.stoppedAt().isPresent())),
          p.sinceLastBeat().toSeconds());
    }
  }

  static void header(StringBuilder sb, String name, String type, String help) {
    sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
    sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  static void line(StringBuilder sb, String name, Map<String, String> labels, long value) {
    sb.append(name);
    if (!labels.isEmpty()) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<String, String> l : new java.util.TreeMap<>(labels).entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        sb.append(l.getKey()).append("=\"").append(escape(l.getValue())).append('"');
      }
      sb.append('}');
    }
    sb.append(' ').append(value).append('\n');
  }

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  @Override
  public void close() {
    server.stop(0);
    executor.close();
  }
}
