package dev.cratetrust.cli;

import dev.cratetrust.crates.BadInputException;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.review.crev.CrevKeyFile;
import dev.cratetrust.review.crev.CrevKeyFile.CrevKey;
import dev.cratetrust.review.crev.CrevProofWriter;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.ReviewOwnRepository;
import dev.cratetrust.trust.OwnReview;
import dev.cratetrust.trust.VetAuditsWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cratetrust export}: writes the project's own reviews as a cargo-vet {@code audits.toml}
 * and as crev package-review proofs signed with the user's ed25519 key, and creates such keys.
 *
 * <p>Exported files state what the reviewers recorded; they do not make the reviews more thorough.
 */
@Command(
    name = "export",
    description = {
      "Export your own reviews as a cargo-vet audits.toml and as signed crev proofs.",
      "The crev key is a PKCS#8 PEM Ed25519 private key (openssl genpkey -algorithm ed25519),",
      "readable by its owner only; --generate-crev-key creates one with mode 0600."
    })
public final class ExportCommand implements Callable<Integer> {
  /** Where the proofs go inside {@code --crev-proofs DIR}, as in a crev proof repository. */
  static final String PROOF_FILE = "reviews/cratetrust.proof.crev";

  @Option(names = "--vet-audits", paramLabel = "FILE", description = "Write audits.toml here.")
  Path vetAudits;

  @Option(
      names = "--crev-proofs",
      paramLabel = "DIR",
      description = "Write signed proofs to DIR/<crev id>/" + PROOF_FILE + ".")
  Path crevProofs;

  @Option(names = "--crev-key", paramLabel = "KEYFILE", description = "The signing key.")
  Path crevKey;

  @Option(
      names = "--crev-id-url",
      paramLabel = "URL",
      description = "Where the proof repository is published (default: DIR as a file: URL).")
  String crevIdUrl;

  @Option(
      names = "--generate-crev-key",
      paramLabel = "KEYFILE",
      description = "Create a new key file (mode 0600, never overwritten) and print its crev id.")
  Path generateKey;

  @Option(names = "--db", paramLabel = "PATH", description = "Store (file path or postgresql://).")
  String db;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws BadInputException, UnavailableException {
    if (vetAudits == null && crevProofs == null && generateKey == null) {
      throw new UsageException(
          "give --vet-audits FILE, --crev-proofs DIR (with --crev-key) or --generate-crev-key");
    }
    if (crevProofs != null && crevKey == null && generateKey == null) {
      throw new UsageException("--crev-proofs needs --crev-key KEYFILE to sign the proofs");
    }
    if (crevKey != null && generateKey != null) {
      throw new UsageException("give either --crev-key or --generate-crev-key, not both");
    }
    String url = null;
    if (crevProofs != null) {
      url =
          crevIdUrl != null ? checkUrl(crevIdUrl) : crevProofs.toAbsolutePath().toUri().toString();
    }
    PrintWriter out = spec.commandLine().getOut();
    Optional<CrevKey> key = Optional.empty();
    if (generateKey != null) {
      key = Optional.of(CrevKeyFile.generate(generateKey));
      out.println(
          "created crev key "
              + InputText.printable(generateKey.toString())
              + " (crev id "
              + key.get().id()
              + ")");
    } else if (crevKey != null) {
      key = Optional.of(CrevKeyFile.read(crevKey));
    }
    if (vetAudits == null && crevProofs == null) {
      out.flush();
      return ExitCode.OK.code();
    }
    List<OwnReview> reviews;
    try (Database store = Database.open(db != null ? db : Database.defaultPath().toString())) {
      reviews = new ReviewOwnRepository(store, TrustFormats.PARSERS.vet()).all();
    }
    if (vetAudits != null) {
      write(vetAudits, VetAuditsWriter.write(reviews));
      out.println(
          "wrote " + reviews.size() + " audit(s) to " + InputText.printable(vetAudits.toString()));
    }
    if (crevProofs != null) {
      CrevKey k = key.orElseThrow();
      List<OwnReview> signable = reviews.stream().filter(r -> r.crevDigest().isPresent()).toList();
      for (OwnReview r : reviews) {
        if (r.crevDigest().isEmpty()) {
          out.println(
              "skipped "
                  + r.crate()
                  + "@"
                  + r.version()
                  + " by "
                  + InputText.printable(r.who())
                  + ": recorded without --crate-file, so its crev digest is unknown");
        }
      }
      Path file = crevProofs.resolve(k.id()).resolve(PROOF_FILE);
      if (signable.isEmpty()) {
        out.println("no review has a crev digest; no crev proof written");
        out.flush();
        return ExitCode.OK.code();
      }
      write(file, new CrevProofWriter(k.privateKey(), k.id(), url).write(signable));
      out.println(
          "wrote "
              + signable.size()
              + " signed crev proof(s) to "
              + InputText.printable(file.toString())
              + " (crev id "
              + k.id()
              + ")");
    }
    out.flush();
    return ExitCode.OK.code();
  }

  private static String checkUrl(String url) {
    try {
      URI u = new URI(url);
      if (u.getScheme() == null
          || !List.of("https", "http", "file").contains(u.getScheme())
          || ReviewCommand.hasControlCharacters(url)) {
        throw new UsageException(
            "--crev-id-url '" + InputText.printable(url) + "': not an https, http or file URL");
      }
      return url;
    } catch (URISyntaxException e) {
      throw new UsageException(
          "--crev-id-url '" + InputText.printable(url) + "': " + e.getReason());
    }
  }

  /** Replaces {@code file} atomically, creating its folders. */
  private static void write(Path file, String text) throws UnavailableException {
    String name = InputText.printable(file.toString());
    if (Files.isDirectory(file)) {
      throw new UsageException("write " + name + ": it is a directory");
    }
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".cratetrust-export", ".tmp");
      try {
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UnavailableException("write " + name + ": " + e, e);
    }
  }
}
