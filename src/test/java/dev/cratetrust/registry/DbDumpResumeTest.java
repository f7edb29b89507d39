package dev.cratetrust.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.cratetrust.testing.JavaProcess;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A db-dump download killed with SIGKILL resumes with an HTTP Range request and leaves no parts.
 */
class DbDumpResumeTest {
  static final int SIZE = 1 << 20;
  static final int FIRST = 256 << 10;
  static final String ETAG = "\"dump-2026-11-22\"";

  @TempDir Path tmp;

  @Test
  void killedDownloadResumesFromWhereItStopped() throws Exception {
    byte[] dump = new byte[SIZE];
    new Random(7).nextBytes(dump);
    List<String> requests = new CopyOnWriteArrayList<>();
    CountDownLatch release = new CountDownLatch(1);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/db-dump.tar.gz",
        ex -> {
          String range = ex.getRequestHeaders().getFirst("Range");
          String ifRange = ex.getRequestHeaders().getFirst("If-Range");
          requests.add(range + " " + ifRange);
          ex.getResponseHeaders().add("ETag", ETAG);
          try (OutputStream out = ex.getResponseBody()) {
            if (range != null && ETAG.equals(ifRange)) {
              int from = Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
              ex.getResponseHeaders()
                  .add("Content-Range", "bytes " + from + "-" + (SIZE - 1) + "/" + SIZE);
              ex.sendResponseHeaders(206, SIZE - from);
              out.write(dump, from, SIZE - from);
            } else {
              // the first download: part of the body, then the connection hangs until killed
              ex.sendResponseHeaders(200, SIZE);
              out.write(dump, 0, FIRST);
              out.flush();
              release.await(120, TimeUnit.SECONDS);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/db-dump.tar.gz";
      Path cache = tmp.resolve("cache");
      Path dir = cache.resolve("db-dump");
      Path partial = dir.resolve(DbDumpDownload.PARTIAL);
      Process child =
          JavaProcess.start(
              DbDumpFetchMain.class, Map.of(), List.of(url, cache.toString()), tmp.resolve("log"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!(Files.isRegularFile(partial) && Files.size(partial) >= FIRST)
          && child.isAlive()
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(child.isAlive()).as(Files.readString(tmp.resolve("log"))).isTrue();
      child.destroyForcibly().waitFor();
      release.countDown();
      assertThat(partial).hasSize(FIRST);
      // a leftover of the earlier random-name scheme is cleared too
      Files.writeString(dir.resolve("db-dump.tar.gz.part-0b5e"), "old");

      Path got =
          new DbDumpDownload(HttpClient.newHttpClient(), Clock.systemUTC(), Duration.ofHours(24))
              .fetch(java.net.URI.create(url), cache);

      assertThat(Arrays.equals(Files.readAllBytes(got), dump)).as("resumed bytes").isTrue();
      assertThat(requests).containsExactly("null null", "bytes=" + FIRST + "- " + ETAG);
      try (Stream<Path> s = Files.list(dir)) {
        assertThat(s.map(p -> p.getFileName().toString()))
            .containsExactlyInAnyOrder("db-dump.tar.gz", "db-dump.lock");
      }
    } finally {
      release.countDown();
      server.stop(0);
    }
  }
}
