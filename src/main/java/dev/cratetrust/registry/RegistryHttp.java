package dev.cratetrust.registry;

import dev.cratetrust.crates.InputText;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one HTTP path to registries: identifying User-Agent, per-request total timeout, capped
 * bodies, bounded retries on 429/5xx/I-O errors honouring {@code Retry-After}, and manual redirects
 * under a fixed host policy.
 *
 * <p>Redirect policy: at most {@value #MAX_REDIRECTS} hops; every URL requested, first or
 * redirected, must be {@code https}, or {@code http} to a loopback address (for local mirrors and
 * tests). Nothing else is followed, so an index cannot send us to a plain-http or internal host.
 */
public final class RegistryHttp {
  public static final int MAX_REDIRECTS = 3;
  public static final String USER_AGENT =
      "cratetrust/" + version() + " (+https://github.com/cratetrust/cratetrust)";

  private final HttpClient client;
  private final Duration requestTimeout;
  private final int maxAttempts;
  private final Duration maxRetryAfter;
  private final Duration backoff;
  private final Sleeper sleeper;
  private final Clock clock;

  /** Waits between attempts; tests pass one that records instead of sleeping. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  /**
   * An HTTP answer with its body read in full (within the cap).
   *
   * @param uri the URL that gave this answer (after redirects)
   * @param location the {@code Location} header of an unfollowed redirect
   */
  public record Response(URI uri, int status, byte[] body, Optional<String> location) {}

  /** The body exceeded the cap given to {@link #get}. */
  public static final class TooLargeException extends Exception {
    private static final long serialVersionUID = 1L;

    TooLargeException(String message) {
      super(message);
    }
  }

  /**
   * @param client should not follow redirects itself; its connect timeout applies
   * @param requestTimeout total time for one attempt, headers and body
   * @param maxAttempts attempts per request, at least 1
   * @param maxRetryAfter longest {@code Retry-After} honoured; longer asks fail at once
   * @param backoff first wait after a failure without {@code Retry-After}, doubled each time
   */
  public RegistryHttp(
      HttpClient client,
      Duration requestTimeout,
      int maxAttempts,
      Duration maxRetryAfter,
      Duration backoff,
      Sleeper sleeper,
      Clock clock) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    this.client = client;
    this.requestTimeout = requestTimeout;
    this.maxAttempts = maxAttempts;
    this.maxRetryAfter = maxRetryAfter;
    this.backoff = backoff;
    this.sleeper = sleeper;
    this.clock = clock;
  }

  /** 10 s connect, 60 s per attempt, 3 attempts, Retry-After up to 60 s, 1 s backoff. */
  public static RegistryHttp defaults() {
    return new RegistryHttp(
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build(),
        Duration.ofSeconds(60),
        3,
        Duration.ofSeconds(60),
        Duration.ofSeconds(1),
        Thread::sleep,
        Clock.systemUTC());
  }

  public Clock clock() {
    return clock;
  }

  Sleeper sleeper() {
    return sleeper;
  }

  /**
   * GETs {@code uri}, following allowed redirects and retrying 429, 5xx and I/O failures; any other
   * status is returned as is.
   *
   * @param what names the operation in messages ("fetch index file for serde")
   * @throws TooLargeException the body is over {@code maxBytes}
   */
  public Response get(URI uri, long maxBytes, String what)
      throws RegistryUnavailableException, TooLargeException {
    URI current = uri;
    for (int hop = 0; ; hop++) {
      checkAllowed(current, what);
      Response r = getWithRetries(current, maxBytes, what);
      if (r.status() < 300 || r.status() >= 400 || r.status() == 304) {
        return r;
      }
      Optional<String> location = r.location();
      if (location.isEmpty()) {
        return r;
      }
      if (hop >= MAX_REDIRECTS) {
        throw new RegistryUnavailableException(
            what + ": more than " + MAX_REDIRECTS + " redirects from " + uri, r.status());
      }
      try {
        current = current.resolve(location.get());
      } catch (IllegalArgumentException e) {
        throw new RegistryUnavailableException(
            what + ": bad redirect location '" + InputText.printable(location.get()) + "'",
            r.status());
      }
    }
  }

  private void checkAllowed(URI uri, String what) throws RegistryUnavailableException {
    if (!isAllowed(uri)) {
      throw new RegistryUnavailableException(
          what
              + ": refused URL '"
              + InputText.printable(uri.toString())
              + "' (only https, or http to a loopback address)",
          -1);
    }
  }

  /** True for https URLs with a host, and http URLs to a loopback address. */
  public static boolean isAllowed(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    if (host == null || uri.getRawUserInfo() != null) {
      return false;
    }
    if (scheme.equals("https")) {
      return true;
    }
    if (!scheme.equals("http")) {
      return false;
    }
    if (host.equals("localhost")) {
      return true;
    }
    String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (!literal.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false;
    }
    try {
      return InetAddress.getByName(literal).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static final class Answer {
    final int status;
    final byte[] body;
    final Optional<String> retryAfter;
    final Optional<String> location;

    Answer(HttpResponse<byte[]> r) {
      this.status = r.statusCode();
      this.body = r.body();
      this.retryAfter = r.headers().firstValue("Retry-After");
      this.location = r.headers().firstValue("Location");
    }
  }

  private Response getWithRetries(URI uri, long maxBytes, String what)
      throws RegistryUnavailableException, TooLargeException {
    String lastProblem = "";
    int lastStatus = -1;
    for (int attempt = 1; ; attempt++) {
      Duration wait = backoff.multipliedBy(1L << Math.min(attempt - 1, 10));
      try {
        Answer a = once(uri, maxBytes, what);
        if (a.status != 429 && a.status < 500) {
          return new Response(uri, a.status, a.body, a.location);
        }
        lastStatus = a.status;
        lastProblem = "HTTP " + a.status + " from " + uri;
        if (a.retryAfter.isPresent()) {
          Optional<Duration> asked = parseRetryAfter(a.retryAfter.get());
          if (asked.isPresent()) {
            if (asked.get().compareTo(maxRetryAfter) > 0) {
              throw new RegistryUnavailableException(
                  what
                      + ": "
                      + lastProblem
                      + " asks to retry after "
                      + asked.get().toSeconds()
                      + " s, more than the "
                      + maxRetryAfter.toSeconds()
                      + " s allowed",
                  a.status);
            }
            wait = asked.get();
          }
        }
      } catch (IOException e) {
        lastProblem = e.getClass().getSimpleName() + " " + e.getMessage() + " from " + uri;
      }
      if (attempt >= maxAttempts) {
        String msg = what + ": " + lastProblem + " (after " + attempt + " attempts)";
        throw lastStatus > 0
            ? new RegistryUnavailableException(msg, lastStatus)
            : new RegistryUnavailableException(msg, (Throwable) null);
      }
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RegistryUnavailableException(what + ": interrupted while waiting to retry", e);
      }
    }
  }

  /** One attempt with a total deadline; I/O problems and timeouts come out as IOException. */
  private Answer once(URI uri, long maxBytes, String what) throws IOException, TooLargeException {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri).GET().timeout(requestTimeout).header("User-Agent", USER_AGENT);
    if ("http".equalsIgnoreCase(uri.getScheme())) {
      // Plain http is only ever a loopback mirror: HTTP/1.1 without an h2c upgrade offer on every
      // request. https keeps the client's HTTP/2 (one multiplexed connection per CDN host).
      builder.version(HttpClient.Version.HTTP_1_1);
    }
    HttpRequest request = builder.build();
    CompletableFuture<HttpResponse<byte[]>> future =
        client.sendAsync(request, info -> new CappedSubscriber(info, maxBytes));
    try {
      return new Answer(future.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new IOException("no complete answer within " + requestTimeout.toSeconds() + " s");
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof BodyTooLarge t) {
        throw new TooLargeException(
            what + ": response from " + uri + " is larger than " + t.max + " bytes");
      }
      if (c instanceof IOException io) {
        throw io;
      }
      throw new IOException(String.valueOf(c), c);
    }
  }

  private static final class BodyTooLarge extends IOException {
    private static final long serialVersionUID = 1L;
    final long max;

    BodyTooLarge(long max) {
      super("body larger than " + max + " bytes");
      this.max = max;
    }
  }

  /** Collects a body up to a cap, failing as soon as the cap or Content-Length exceeds it. */
  private static final class CappedSubscriber implements HttpResponse.BodySubscriber<byte[]> {
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final List<ByteBuffer> parts = new ArrayList<>();
    private final long max;
    private final long declared;
    private long size;
    private Flow.Subscription subscription;

    CappedSubscriber(HttpResponse.ResponseInfo info, long max) {
      this.max = max;
      this.declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      this.subscription = s;
      if (declared > max) {
        s.cancel();
        result.completeExceptionally(new BodyTooLarge(max));
        return;
      }
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer b : items) {
        size += b.remaining();
        parts.add(b);
      }
      if (size > max) {
        subscription.cancel();
        parts.clear();
        result.completeExceptionally(new BodyTooLarge(max));
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      if (result.isDone()) {
        return;
      }
      byte[] out = new byte[(int) size];
      int pos = 0;
      for (ByteBuffer b : parts) {
        int n = b.remaining();
        b.get(out, pos, n);
        pos += n;
      }
      result.complete(out);
    }
  }

  /** Seconds or an HTTP date, relative to the injected clock; empty when unreadable. */
  Optional<Duration> parseRetryAfter(String value) {
    String v = value.trim();
    if (v.matches("[0-9]{1,9}")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(clock.instant(), at);
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String version() {
    String v = RegistryHttp.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
