package dev.cratetrust.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyTest {

  @Test
  void fullPolicyParses() throws Exception {
    Policy p =
        Policy.parse(
            "cratetrust.toml",
            """
            [advisories]
            deny-informational = ["unsound", "unmaintained"]
            ignore = ["RUSTSEC-2020-0019"]
            [registry]
            deny-yanked = true
            [provenance]
            require = "gold-star"
            [audits]
            criteria = "safe-to-deploy"
            sources = ["mozilla", "google"]
            [[exceptions]]
            crate = "foo"
            version = "1.2.3"
            rule = "provenance"
            until = "2027-01-31"
            reason = "vendor fork"
            """);
    assertThat(p.denyInformational())
        .containsExactlyInAnyOrder(Advisory.Kind.UNSOUND, Advisory.Kind.UNMAINTAINED);
    assertThat(p.provenance()).isEqualTo(Policy.ProvenanceRequirement.GOLD_STAR);
    assertThat(p.denyYanked()).isTrue();
    assertThat(Policy.defaults().denyYanked()).isFalse();
    assertThat(p.auditCriteria()).contains("safe-to-deploy");
    assertThat(p.exceptions().getFirst().rule()).contains(Policy.Rule.PROVENANCE);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "[provenance]\\nrequire = 'golden'|provenance.require: 'golden' is not any, not-sketchy or gold-star",
        "[advisories]\\ndeny-informational = ['scary']|'scary' is not unmaintained, unsound or notice",
        "[[exceptions]]\\ncrate = 'a'\\nuntil = 'soon'|exceptions[1].until 'soon' is not YYYY-MM-DD",
        "[[exceptions]]\\ncrate = 'a'\\nuntil = '2027-01-01'\\nrule = 'vibes'|exceptions[1].rule 'vibes'",
        "[[exceptions]]\\nuntil = '2027-01-01'|missing field 'crate'",
        "[extra]\\na = 1|unknown section 'extra'",
        "[audits]\\ncriteria = 1|field 'criteria' is not a string",
        "[reviews]\\nrequire = 'verified'|reviews.require needs reviews.crev-roots",
        "[reviews]\\ncrev-roots = ['x']\\nrequire = 'maybe'|'maybe' is not none, no-negative or verified",
        "[registry]\\ndeny-yanked = 'yes'|registry.deny-yanked is not true or false",
        "[registry]\\ndeny-yank = true|unknown field 'deny-yank' in registry",
      })
  void badPoliciesNameTheFileAndTheField(String text, String expected) {
    assertThatThrownBy(() -> Policy.parse("my-policy.toml", text.replace("\\n", "\n")))
        .isInstanceOf(TrustInputException.class)
        .hasMessageStartingWith("read")
        .hasMessageContaining("my-policy.toml")
        .hasMessageContaining(expected);
  }

  @Test
  void depthAndSizeBombsAreCleanErrors() {
    assertThatThrownBy(
            () -> Policy.parse("bomb.toml", "a = " + "[".repeat(10_000) + "]".repeat(10_000)))
        .isInstanceOf(TrustInputException.class)
        .hasMessageContaining("bomb.toml");
    assertThatThrownBy(() -> Policy.parse("big.toml", "#" + "x".repeat(Policy.MAX_BYTES)))
        .hasMessageContaining("big.toml")
        .hasMessageContaining("larger than");
  }
}
