package dev.cratetrust.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.git.RepositoryUrl.Invalid;
import dev.cratetrust.git.RepositoryUrl.Missing;
import dev.cratetrust.git.RepositoryUrl.UnsupportedVcs;
import dev.cratetrust.git.RepositoryUrl.Usable;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class RepositoryUrlTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      nullValues = "-",
      value = {
        "https://github.com/rust-lang/cargo|https://github.com/rust-lang/cargo|-",
        "https://github.com/rust-lang/cargo.git|https://github.com/rust-lang/cargo|-",
        "https://github.com/rust-lang/cargo/|https://github.com/rust-lang/cargo|-",
        "http://github.com/rust-lang/cargo|https://github.com/rust-lang/cargo|-",
        "https://www.github.com/rust-lang/cargo|https://github.com/rust-lang/cargo|-",
        "  https://GitHub.COM/Rust-Lang/Cargo  |https://github.com/rust-lang/cargo|-",
        "git+https://github.com/rust-lang/cargo.git|https://github.com/rust-lang/cargo|-",
        "git://github.com/rust-lang/cargo.git|https://github.com/rust-lang/cargo|-",
        "git@github.com:rust-lang/cargo.git|https://github.com/rust-lang/cargo|-",
        "ssh://git@github.com/rust-lang/cargo.git|https://github.com/rust-lang/cargo|-",
        "git+ssh://git@github.com/rust-lang/cargo.git|https://github.com/rust-lang/cargo|-",
        "ssh://git@gitlab.com:2222/grp/proj.git|https://gitlab.com/grp/proj|-",
        "https://github.com./rust-lang/cargo|https://github.com/rust-lang/cargo|-",
        "github.com/rust-lang/cargo|https://github.com/rust-lang/cargo|-",
        "https://github.com/rust-lang/cargo#readme|https://github.com/rust-lang/cargo|-",
        "https://github.com/rust-lang/cargo?tab=readme|https://github.com/rust-lang/cargo|-",
        // monorepo web views
        "https://github.com/rust-random/rand/tree/master/rand_core|https://github.com/rust-random/rand|rand_core",
        "https://github.com/tokio-rs/tokio/tree/master/tokio-util/|https://github.com/tokio-rs/tokio|tokio-util",
        "https://github.com/a/b/tree/master|https://github.com/a/b|-",
        "https://github.com/a/b/blob/main/crates/x/Cargo.toml|https://github.com/a/b|crates/x",
        "https://github.com/a/b/issues|https://github.com/a/b|-",
        "https://gitlab.com/grp/sub/proj|https://gitlab.com/grp/sub/proj|-",
        "https://gitlab.com/grp/proj.git|https://gitlab.com/grp/proj|-",
        "https://gitlab.com/grp/proj/-/tree/main/crates/foo|https://gitlab.com/grp/proj|crates/foo",
        "https://gitlab.com/grp/proj/-/blob/main/crates/foo/Cargo.toml|https://gitlab.com/grp/proj|crates/foo",
        "https://gitlab.com/grp/proj/tree/main/foo|https://gitlab.com/grp/proj|foo",
        "https://gitlab.com/grp/proj/-/issues|https://gitlab.com/grp/proj|-",
        // study: fuchsia crates pointed at gitiles views
        "https://fuchsia.googlesource.com/fuchsia/+/master/garnet/lib/rust/fuchsia-zircon|https://fuchsia.googlesource.com/fuchsia|garnet/lib/rust/fuchsia-zircon",
        "https://fuchsia.googlesource.com/fuchsia/+/refs/heads/main/src/lib/zircon/rust|https://fuchsia.googlesource.com/fuchsia|src/lib/zircon/rust",
        "https://chromium.googlesource.com/chromiumos/platform/crosvm/|https://chromium.googlesource.com/chromiumos/platform/crosvm|-",
        "https://bitbucket.org/owner/repo/src/master/sub|https://bitbucket.org/owner/repo|sub",
        "https://bitbucket.org/Owner/Repo.git|https://bitbucket.org/owner/repo|-",
        "https://codeberg.org/owner/repo|https://codeberg.org/owner/repo|-",
        "https://codeberg.org/owner/repo/src/branch/main/crates/x|https://codeberg.org/owner/repo|crates/x",
        "https://git.sr.ht/~user/repo|https://git.sr.ht/~user/repo|-",
        "https://git.sr.ht/~user/repo/tree/master/item/sub|https://git.sr.ht/~user/repo|sub",
        "https://git.example.org/path/to/repo.git/|https://git.example.org/path/to/repo.git|-",
        "https://git.example.org:8443/repo|https://git.example.org:8443/repo|-",
        "https://git.example.org:443/repo|https://git.example.org/repo|-",
        "https://git.example.org/a%20b/repo|https://git.example.org/a%20b/repo|-",
        "https://[2001:db8::1]/repo|https://[2001:db8::1]/repo|-",
      })
  void normalizesRealWorldForms(String raw, String clone, String hint) {
    Usable u = (Usable) RepositoryUrl.parse(raw);
    assertThat(u.cloneUri().toString()).isEqualTo(clone);
    assertThat(u.display()).isEqualTo(clone);
    assertThat(u.subdirHint()).isEqualTo(Optional.ofNullable(hint));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "   ", "\t\n"})
  void blankIsMissingLikeCrunchy(String raw) {
    assertThat(RepositoryUrl.parse(raw)).isEqualTo(new Missing());
  }

  @Test
  void sourcehutProjectPageIsUnsupportedLikeOorandom() {
    var r = (UnsupportedVcs) RepositoryUrl.parse("https://sr.ht/~icefox/oorandom/");
    assertThat(r.url()).isEqualTo("https://sr.ht/~icefox/oorandom/");
    assertThat(r.why()).contains("sourcehut project page");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "https://hg.sr.ht/~user/repo|Mercurial",
        "https://hg.mozilla.org/mozilla-central|Mercurial",
        "svn://svn.example.org/repo|'svn' is not git",
        "svn+ssh://svn.example.org/repo|'svn+ssh' is not git",
        "bzr://bzr.example.org/repo|'bzr' is not git",
        "fossil://fossil.example.org/repo|'fossil' is not git",
      })
  void nonGitIsUnsupported(String raw, String why) {
    var r = (UnsupportedVcs) RepositoryUrl.parse(raw);
    assertThat(r.url()).isEqualTo(raw);
    assertThat(r.why()).contains(why);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "https://github.com/|has no repository path",
        "https://github.com/rust-lang|names an owner but no repository",
        "https://gitlab.com/grp|names a group but no project",
        "not a url|whitespace",
        "crates/foo|not an absolute URL",
        "/srv/git/repo.git|not an absolute URL",
        "file:///etc/passwd|unsupported scheme 'file'",
        "ftp://example.org/repo|unsupported scheme 'ftp'",
        "ext::sh -c touch% /tmp/pwned|whitespace",
        "ext::sh|remote-helper transport",
        "fd::17|remote-helper transport",
        "--upload-pack=touch /tmp/x|whitespace",
        "-oProxyCommand=x|starts with '-'",
        "ssh://-oProxyCommand=x/repo|malformed host",
        "https://user:secret@github.com/a/b|user information",
        "https://github.com/a/../b|path contains '..'",
        "https://exa mple.org/repo|whitespace",
        "https://example.org:99999x/repo|malformed port",
        "https:///repo|has no host",
        "https://gïthub.com/a/b|malformed host",
        "https://github.com/a/b^c|characters not allowed",
        "https://git.example.org/a/%zz|characters not allowed",
        "https://[::1/a|unterminated IPv6 host",
      })
  void invalidNamesUrlAndReason(String raw, String why) {
    var r = (Invalid) RepositoryUrl.parse(raw);
    assertThat(r.url()).isEqualTo(raw);
    assertThat(r.why()).contains(why);
  }

  @Test
  void controlCharactersAreInvalidAndEscapedInTheMessage() {
    var r = (Invalid) RepositoryUrl.parse("https://github.com/a/b\r\nHost: evil");
    assertThat(r.why()).contains("control characters");
    assertThat(r.url()).doesNotContain("\r").doesNotContain("\n").contains("\\u000d");
  }
}
