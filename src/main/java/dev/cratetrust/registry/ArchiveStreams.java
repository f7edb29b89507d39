package dev.cratetrust.registry;

import dev.cratetrust.registry.BadCrateException.Problem;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The capped, counting streams a crate archive is read through, and the failures they carry. */
final class ArchiveStreams {
  private ArchiveStreams() {}

  /** A limit was hit inside a stream; carries the problem out through I/O signatures. */
  static final class LimitException extends IOException {
    private static final long serialVersionUID = 1L;
    final Problem problem;

    LimitException(Problem problem, String message) {
      super(message);
      this.problem = problem;
    }
  }

  /** Reading the caller's stream failed; not the archive's fault. */
  static final class SourceException extends IOException {
    private static final long serialVersionUID = 1L;

    SourceException(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /** Counts, hashes and caps the raw bytes read from the source. */
  static final class RawStream extends FilterInputStream {
    final MessageDigest sha256;
    private final long max;
    private long count;

    RawStream(InputStream in, long max) {
      super(in);
      this.max = max;
      try {
        this.sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is part of every JDK", e);
      }
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n;
      try {
        n = in.read(b, off, (int) Math.min(len, max - count + 1));
      } catch (IOException e) {
        throw new SourceException(e);
      }
      if (n > 0) {
        count += n;
        sha256.update(b, off, n);
        if (count > max) {
          throw new LimitException(
              Problem.COMPRESSED_TOO_LARGE, "is larger than " + max + " bytes compressed");
        }
      }
      return n;
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }

  /** Counts and caps the decompressed bytes, whatever the headers claim. */
  static final class UnpackedStream extends FilterInputStream {
    private final long max;
    private long count;

    UnpackedStream(InputStream in, long max) {
      super(in);
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, (int) Math.min(len, max - count + 1));
      if (n > 0) {
        count += n;
        if (count > max) {
          throw new LimitException(
              Problem.UNPACKED_TOO_LARGE,
              "is malformed or larger than " + max + " bytes when decompressed");
        }
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      return read(new byte[(int) Math.min(n, 8192)], 0, (int) Math.min(n, 8192));
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }
}
