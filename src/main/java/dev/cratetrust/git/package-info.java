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
 * dev.cratetrust.git.GitFetcher} (ref listing, commit history without files, shallow content
 * fetches, all with time and size limits). Whether a commit belongs to a repository is decided from
 * its branches, tags and pull-request heads; local repositories are read in place.
 */
package dev.cratetrust.git;
