/**
 * GitHub repositories in federated subjects (`repo:<owner>/<repo>:...`): an owner of letters,
 * digits and single dashes (at most 39), a repository of letters, digits, ".", "_" and "-" (at
 * most 100) that is not "." or ".." (GitHub reserves them; "Creating a new repository" and
 * account name rules, docs.github.com).
 */

/** Says why `repository` is not `<owner>/<repo>` as GitHub allows it, or `undefined`. */
export function githubRepositoryProblem(repository: string): string | undefined {
  const m = /^([A-Za-z0-9](?:-?[A-Za-z0-9])*)\/([A-Za-z0-9._-]{1,100})$/.exec(repository);
  if (!m || m[1].length > 39) return 'must be "<owner>/<repo>", e.g. "contoso-msp/pal"';
  if (m[2] === "." || m[2] === "..") return `names the repository "${m[2]}", which GitHub does not allow`;
  return undefined;
}
