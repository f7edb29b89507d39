/**
 * Fetching and reading the git repositories that crates name, safely: no checkout, no hooks, no
 * submodule recursion, no redirects, no credentials, https-only to public addresses for URLs taken
 * from crate metadata.
 *
 * <p>Entry point: {@link dev.cratetrust.git.Repositories#open(String, boolean,
 * dev.cratetrust.crates.CommitId)} returns an outcome; {@code Available} carries a {@link
 * dev.cratetrust.git.JGitRepositorySnapshot} (a {@code provenance.RepositorySnapshot}) to close
 * after use. Building blocks: {@link dev.cratetrust.git.RepositoryUrl} (normalizes {@code
 * repository} fields), {@link dev.cratetrust.git.UrlPolicy} (SSRF checks), {@link
 * dev.cratetrust.git.UrlRewrites} (user {@code insteadOf} rules), {@link
 * dev.cratetrust.git.RepositoryCache} (content-addressed bare repositories with locks) and {@link
 * dev.cratetrust.git.GitFetcher} (shallow-first fetches with time and size limits).
 */
package dev.cratetrust.git;
