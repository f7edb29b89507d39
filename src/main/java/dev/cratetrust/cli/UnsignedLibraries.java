package dev.cratetrust.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Copies the library jars for the launcher's ahead-of-time cache, dropping jar signatures: the JDK
 * never puts classes of signed jars (JGit's) in that cache and checks their digests on every start.
 *
 * <p>Only the signature files go; no trust decision of cratetrust rests on them (Maven checked the
 * jars when it downloaded them).
 */
public final class UnsignedLibraries {
  private UnsignedLibraries() {}

  /** {@code args}: the folder of jars and an empty (or missing) folder for the copies. */
  public static void main(String[] args) throws IOException {
    Path from = Path.of(args[0]);
    Path to = Path.of(args[1]);
    Files.createDirectories(to);
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(from, "*.jar")) {
      for (Path jar : jars) {
        Path target = to.resolve(jar.getFileName());
        if (isSigned(jar)) {
          copyWithoutSignature(jar, target);
        } else {
          Files.copy(jar, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  static boolean isSignatureFile(String entry) {
    String name = entry.toUpperCase(Locale.ROOT);
    return name.startsWith("META-INF/")
        && name.indexOf('/', "META-INF/".length()) < 0
        && (name.endsWith(".SF")
            || name.endsWith(".RSA")
            || name.endsWith(".DSA")
            || name.endsWith(".EC")
            || name.startsWith("META-INF/SIG-"));
  }

  static boolean isSigned(Path jar) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      return Collections.list(zip.entries()).stream().anyMatch(e -> isSignatureFile(e.getName()));
    }
  }

  static void copyWithoutSignature(Path jar, Path target) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile());
        OutputStream file = Files.newOutputStream(target);
        ZipOutputStream out = new ZipOutputStream(file)) {
      for (ZipEntry e : Collections.list(zip.entries())) {
        if (isSignatureFile(e.getName())) {
          continue;
        }
        ZipEntry copy = new ZipEntry(e.getName());
        copy.setTime(e.getTime());
        out.putNextEntry(copy);
        try (InputStream in = zip.getInputStream(e)) {
          in.transferTo(out);
        }
        out.closeEntry();
      }
    }
  }
}
