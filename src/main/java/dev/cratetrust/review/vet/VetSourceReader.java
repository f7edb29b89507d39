package dev.cratetrust.review.vet;

import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.trust.TrustInputException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Reads a cargo-vet file ({@code audits.toml}, {@code registry.toml}) from a local path or an HTTPS
 * URL, capped at {@link VetAuditsParser#MAX_BYTES}; redirects are not followed.
 */
public final class VetSourceReader {
  private final HttpClient http;
  private final Duration timeout;

  public VetSourceReader(HttpClient http, Duration timeout) {
    this.http = http;
    this.timeout = timeout;
  }

  public static boolean isUrl(String location) {
    return location.startsWith("https://") || location.startsWith("http://");
  }

  /** The text at {@code location}. */
  public String read(String location) throws TrustInputException, UnavailableException {
    byte[] bytes = isUrl(location) ? download(location) : readFile(location);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new TrustInputException("read " + InputText.printable(location) + ": not valid UTF-8");
    }
  }

  private static byte[] readFile(String location) throws TrustInputException {
    Path p = Path.of(location);
    try {
      if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        throw new TrustInputException(
            "read " + InputText.printable(location) + ": not a regular file");
      }
      if (Files.size(p) > VetAuditsParser.MAX_BYTES) {
        throw new TrustInputException(
            "read "
                + InputText.printable(location)
                + ": larger than "
                + VetAuditsParser.MAX_BYTES
                + " bytes");
      }
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new TrustInputException(
          "read " + InputText.printable(location) + ": " + e.getMessage(), e);
    }
  }

  private byte[] download(String url) throws UnavailableException, TrustInputException {
    HttpRequest req;
    try {
      req = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
    } catch (IllegalArgumentException e) {
      throw new TrustInputException("fetch " + InputText.printable(url) + ": not a valid URL");
    }
    try {
      HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = resp.body()) {
        if (resp.statusCode() != 200) {
          throw new UnavailableException(
              "fetch " + InputText.printable(url) + ": HTTP status " + resp.statusCode());
        }
        byte[] body = in.readNBytes(VetAuditsParser.MAX_BYTES + 1);
        if (body.length > VetAuditsParser.MAX_BYTES) {
          throw new TrustInputException(
              "fetch "
                  + InputText.printable(url)
                  + ": larger than "
                  + VetAuditsParser.MAX_BYTES
                  + " bytes");
        }
        return body;
      }
    } catch (IOException e) {
      throw new UnavailableException("fetch " + InputText.printable(url) + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("fetch " + InputText.printable(url) + ": interrupted", e);
    }
  }
}
