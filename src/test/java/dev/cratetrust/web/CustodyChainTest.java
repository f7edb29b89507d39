package dev.cratetrust.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.Parsers;
import dev.cratetrust.web.CustodyChain.LinkKind;
import dev.cratetrust.web.CustodyChain.LinkState;
import org.junit.jupiter.api.Test;

/** Links the verification fixtures do not reach: trusted publishing, older reports, failures. */
class CustodyChainTest {
  private static CustodyChain chain(String json) {
    return CustodyChain.of(Parsers.json().readTree(json));
  }

  @Test
  void trustedPublishingIsCheckedUnlessTheVerifierFoundAMismatch() {
    String tp =
        "\"trusted_publishing\":{\"provider\":\"github\",\"repository\":\"o/r\",\"sha\":\"abc\"}";
    CustodyChain ok = chain("{\"reasons\":[]," + tp + "}");
    assertThat(ok.link(LinkKind.TRUSTED_PUBLISHING).state()).isEqualTo(LinkState.CHECKED);
    assertThat(ok.link(LinkKind.TRUSTED_PUBLISHING).detail())
        .contains("github o/r at abc")
        .contains("workflow run not recorded");
    CustodyChain bad = chain("{\"reasons\":[\"trusted-publishing-mismatch\"]," + tp + "}");
    assertThat(bad.link(LinkKind.TRUSTED_PUBLISHING).state()).isEqualTo(LinkState.FAILED);
  }

  @Test
  void aReportWithoutDefaultBranchFactSaysNotRecorded() {
    CustodyChain c = chain("{\"commit\":\"" + "a".repeat(40) + "\",\"files\":[]}");
    assertThat(c.link(LinkKind.DEFAULT_BRANCH).state()).isEqualTo(LinkState.NOT_RECORDED);
    assertThat(c.link(LinkKind.CONTENT_MATCH).state()).isEqualTo(LinkState.NOT_RECORDED);
    assertThat(c.link(LinkKind.RELEASE_TAG).state()).isEqualTo(LinkState.NOT_RECORDED);
  }

  @Test
  void aCommitMissingFromTheRepositoryFailsTheContentLink() {
    CustodyChain c =
        chain(
            "{\"commit\":\""
                + "b".repeat(40)
                + "\",\"reasons\":[\"commit-not-in-repository\"],\"on_default_branch\":"
                + "\"not-reachable\",\"tags\":{\"how\":\"none\",\"on_commit\":[],"
                + "\"elsewhere\":[\"v1.0.0\"]}}");
    assertThat(c.link(LinkKind.CONTENT_MATCH).state()).isEqualTo(LinkState.FAILED);
    assertThat(c.link(LinkKind.DEFAULT_BRANCH).state()).isEqualTo(LinkState.FAILED);
    assertThat(c.link(LinkKind.RELEASE_TAG).state()).isEqualTo(LinkState.FAILED);
    assertThat(c.link(LinkKind.RELEASE_TAG).detail()).contains("v1.0.0");
  }

  @Test
  void noCommitLeavesTheLaterLinksMissing() {
    CustodyChain c = chain("{\"reasons\":[\"no-vcs-info\"]}");
    assertThat(c.link(LinkKind.COMMIT_RECORDED).state()).isEqualTo(LinkState.MISSING);
    assertThat(c.link(LinkKind.CONTENT_MATCH).state()).isEqualTo(LinkState.MISSING);
    assertThat(c.link(LinkKind.DEFAULT_BRANCH).state()).isEqualTo(LinkState.MISSING);
    assertThat(CustodyChain.unverified().links())
        .allMatch(l -> l.state() == LinkState.NOT_RECORDED);
  }
}
