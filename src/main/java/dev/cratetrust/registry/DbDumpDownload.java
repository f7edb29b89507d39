package dev.cratetrust.registry;

import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.UnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Fetches the daily crates.io database dump into a cache folder, reusing a copy younger than a day
 * (the dump is published daily) and never leaving a partial file under the final name.
 *
 * <p>The dump is not signed; nothing here proves it came from crates.io beyond HTTPS to the given
 * URL.
 */
public final class DbDumpDownload {
  /** Where crates.io publishes the dump. */
  public static final URI CRATES_IO = URI.create("https://static.crates.io/db-dump.tar.gz");

  /** Larger downloads are abandoned. */
  public static final long MAX_BYTES = 16L << 30;

  private static final String USER_AGENT =
      "cratetrust (ecosystem scan; https://github.com/cratetrust)";

  private final HttpClient http;
  private final Clock clock;
  private final Duration maxAge;

  public DbDumpDownload(HttpClient http, Clock clock, Duration maxAge) {
    this.http = http;
    this.clock = clock;
    this.maxAge = maxAge;
  }

  /** A client with a 30-second connect timeout that follows redirects within HTTPS. */
  public static DbDumpDownload withDefaults() {
    return new DbDumpDownload(
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(30))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build(),
        Clock.systemUTC(),
        Duration.ofHours(24));
  }

  /** Returns the cached dump for {@code url} under {@code cacheDir}, downloading it if stale. */
  public Path fetch(URI url, Path cacheDir) throws UnavailableException {
    String what = "download db-dump " + InputText.printable(url.toString());
    Path dir = cacheDir.resolve("db-dump");
    Path target = dir.resolve("db-dump.tar.gz");
    try {
      Files.createDirectories(dir);
      if (Files.isRegularFile(target)) {
        Instant modified = Files.getLastModifiedTime(target).toInstant();
        if (Duration.between(modified, clock.instant()).compareTo(maxAge) < 0) {
          return target;
        }
      }
    } catch (IOException e) {
      throw new UnavailableException(what + ": cache folder " + dir + ": " + e, e);
    }
    Path part = dir.resolve("db-dump.tar.gz.part-" + UUID.randomUUID());
    try {
      HttpRequest request =
          HttpRequest.newBuilder(url).header("User-Agent", USER_AGENT).GET().build();
      HttpResponse<InputStream> response =
          http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        if (response.statusCode() != 200) {
          throw new UnavailableException(what + ": HTTP " + response.statusCode());
        }
        long copied = 0;
        byte[] buf = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(part)) {
          int n;
          while ((n = in.read(buf)) > 0) {
            copied += n;
            if (copied > MAX_BYTES) {
              throw new UnavailableException(what + ": larger than " + MAX_BYTES + " bytes");
            }
            out.write(buf, 0, n);
          }
        }
        long declared = response.headers().firstValueAsLong("content-length").orElse(copied);
        if (declared != copied) {
          throw new UnavailableException(
              what + ": connection ended after " + copied + " of " + declared + " bytes");
        }
      }
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (java.net.ConnectException e) {
      throw new UnavailableException(
          what
              + ": cannot connect to "
              + InputText.printable(String.valueOf(url.getHost()))
              + " (offline? give a local dump with --db-dump FILE)",
          e);
    } catch (IOException e) {
      throw new UnavailableException(what + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException(what + ": interrupted", e);
    } finally {
      try {
        Files.deleteIfExists(part);
      } catch (IOException ignored) {
        // a leftover .part file is never read
      }
    }
  }
}
