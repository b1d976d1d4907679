/**
 * The two scripts Gradescope runs from an autograder zip, which must be shell scripts: setup.sh
 * once, as root, when it builds the autograder's image, and run_autograder for every submission.
 * Both are kept short; what they do beyond installing Node is in gradescope-run.ts.
 *
 * Node comes from nodejs.org (the latest 20.x), checked against the checksums published beside
 * it; pnpm from corepack, at the version package.json names; the packages exactly as the lockfile
 * says. After setup nothing needs the network: grading runs offline.
 */

/** `--exercises ex02,ex03` when the assignment grades only some exercises. */
const exercisesArgs = (exercises: string[] | undefined) => (exercises ? ` --exercises ${exercises.join(',')}` : '');

const runner = 'node --import tsx packages/grader/src/platforms/gradescope-run.ts';

export function setupScript(exercises: string[] | undefined): string {
  return `#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (Ubuntu 22.04, its
# default base image). Made by \`pnpm grade gradescope-autograder\`: see docs/instructors.md.
set -euo pipefail
cd "\${AUTOGRADER_ROOT:-/autograder}/source"

# Node 20 from nodejs.org, checked against the checksums published beside it.
apt-get update
apt-get install -y --no-install-recommends ca-certificates curl xz-utils
case "$(uname -m)" in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; *) echo "No Node build for $(uname -m)" >&2; exit 1 ;; esac
dist=https://nodejs.org/dist/latest-v20.x
curl -fsSL "$dist/SHASUMS256.txt" -o /tmp/node-sums.txt
tarball=$(grep -o "node-v20\\.[0-9.]*-linux-$arch\\.tar\\.xz" /tmp/node-sums.txt | head -n 1)
curl -fsSL "$dist/$tarball" -o "/tmp/$tarball"
(cd /tmp && grep " $tarball\\$" node-sums.txt | sha256sum -c -)
tar -xJf "/tmp/$tarball" -C /usr/local --strip-components=1 --no-same-owner
rm "/tmp/$tarball" /tmp/node-sums.txt

# pnpm at the version package.json names, then the workbook's packages as the lockfile has them.
export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
corepack enable pnpm
pnpm install --frozen-lockfile

# The untouched starters graded once, here, rather than for every submission.
${runner} prepare${exercisesArgs(exercises)}
`;
}

export function runScript(exercises: string[] | undefined): string {
  return `#!/usr/bin/env bash
# Gradescope runs this for every submission, in a fresh container of the image setup.sh built: it
# grades /autograder/submission and writes /autograder/results/results.json. AUTOGRADER_ROOT
# stands for /autograder, to try it elsewhere. Made by \`pnpm grade gradescope-autograder\`.
set -euo pipefail
cd "\${AUTOGRADER_ROOT:-/autograder}/source"
exec ${runner} grade${exercisesArgs(exercises)}
`;
}
