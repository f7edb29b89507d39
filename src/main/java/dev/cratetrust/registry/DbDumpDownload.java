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
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches the daily crates.io database dump into a cache folder, reusing a copy younger than a day
 * (the dump is published daily), resuming a download that was cut off or killed, and never leaving
 * a partial file under the final name.
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

  /**
   * The download in progress: kept when a download is cut off or the process killed, and resumed
   * with an HTTP Range request (If-Range on the ETag or Last-Modified) by the next fetch.
   */
  static final String PARTIAL = "db-dump.tar.gz.partial";

  private static final Pattern CONTENT_RANGE =
      Pattern.compile("bytes (\\d{1,18})-(\\d{1,18})/(\\d{1,18}|\\*)");

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
    Path part = dir.resolve(PARTIAL);
    Path validatorFile = dir.resolve(PARTIAL + ".validator");
    try (FileChannel lockChannel =
            FileChannel.open(
                dir.resolve("db-dump.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockChannel.tryLock()) {
      if (lock == null) {
        throw new UnavailableException(
            what + ": another process is downloading the dump into " + dir);
      }
      removeOldParts(dir);
      long have = Files.isRegularFile(part) ? Files.size(part) : 0;
      Optional<String> validator =
          have > 0 && Files.isRegularFile(validatorFile)
              ? Optional.of(Files.readString(validatorFile).strip()).filter(v -> !v.isEmpty())
              : Optional.empty();
      if (validator.isEmpty()) {
        have = 0;
      }
      HttpRequest.Builder request = HttpRequest.newBuilder(url).header("User-Agent", USER_AGENT);
      if (have > 0) {
        // If-Range: the server sends the whole (new) dump instead if it changed since
        request.header("Range", "bytes=" + have + "-").header("If-Range", validator.get());
      }
      HttpResponse<InputStream> response =
          http.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        int status = response.statusCode();
        long start;
        long total;
        if (status == 206 && have > 0) {
          start = contentRangeStart(response).orElse(-1L);
          if (start != have) {
            throw new UnavailableException(
                what + ": asked for bytes from " + have + ", server answered from " + start);
          }
          total = contentRangeTotal(response).orElse(-1L);
        } else if (status == 200) {
          start = 0;
          total = response.headers().firstValueAsLong("content-length").orElse(-1L);
          Files.deleteIfExists(validatorFile);
          Optional<String> v =
              response
                  .headers()
                  .firstValue("etag")
                  .or(() -> response.headers().firstValue("last-modified"));
          if (v.isPresent()) {
            Files.writeString(validatorFile, v.get());
          }
        } else {
          throw new UnavailableException(what + ": HTTP " + status);
        }
        long copied = start;
        byte[] buf = new byte[1 << 16];
        try (OutputStream out =
            start > 0
                ? Files.newOutputStream(part, StandardOpenOption.APPEND)
                : Files.newOutputStream(part)) {
          int n;
          while ((n = in.read(buf)) > 0) {
            copied += n;
            if (copied > MAX_BYTES) {
              throw new UnavailableException(what + ": larger than " + MAX_BYTES + " bytes");
            }
            out.write(buf, 0, n);
          }
        }
        long declared = total >= 0 ? total : copied;
        if (declared != copied) {
          throw new UnavailableException(
              what
                  + ": connection ended after "
                  + copied
                  + " of "
                  + declared
                  + " bytes (rerun to resume)");
        }
      }
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      Files.deleteIfExists(validatorFile);
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
      if (!Files.isRegularFile(validatorFile)) {
        // without an ETag or Last-Modified a partial download cannot be resumed safely
        try {
          Files.deleteIfExists(part);
        } catch (IOException ignored) {
          // the next fetch starts over without a validator anyway
        }
      }
    }
  }

  /** Files of the random-suffix scheme earlier versions used; never resumable, so removed. */
  private static void removeOldParts(Path dir) throws IOException {
    try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "db-dump.tar.gz.part-*")) {
      for (Path p : old) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static Optional<Long> contentRangeStart(HttpResponse<?> r) {
    Optional<String> v = r.headers().firstValue("content-range");
    Matcher m = v.map(CONTENT_RANGE::matcher).filter(Matcher::matches).orElse(null);
    return m == null ? Optional.empty() : Optional.of(Long.parseLong(m.group(1)));
  }

  private static Optional<Long> contentRangeTotal(HttpResponse<?> r) {
    Optional<String> v = r.headers().firstValue("content-range");
    Matcher m = v.map(CONTENT_RANGE::matcher).filter(Matcher::matches).orElse(null);
    return m == null || m.group(3).equals("*")
        ? Optional.empty()
        : Optional.of(Long.parseLong(m.group(3)));
  }
}
