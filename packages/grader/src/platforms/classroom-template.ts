/**
 * What `pnpm grade classroom-template` writes beside the workbook: the workflow that grades a
 * student's repository on every push, and INSTRUCTOR.md, the clicks that make the template an
 * assignment. The workflow's Grade step is the same `pnpm grade` line an instructor runs, with
 * the sandbox, so a grade in Classroom and a grade on the instructor's machine are one grade.
 */

/** The line the workflow grades with, run from the root of the student's repository. */
export function gradeLine(exercises: string[] | undefined): string {
  return `pnpm grade . --format classroom --out grades${exercises ? ` --exercises ${exercises.join(',')}` : ''}`;
}

export function classroomWorkflow(exercises: string[] | undefined): string {
  return `# Grades the student's repository on every push, with the workbook's own grader in its sandbox,
# and reports the points to GitHub Classroom. Made by \`pnpm grade classroom-template\`: see
# INSTRUCTOR.md, and docs/instructors.md, "On GitHub Classroom".
name: Autograding Tests
on: [push, workflow_dispatch]
permissions:
  checks: write
  actions: read
  contents: read

jobs:
  run-autograding-tests:
    runs-on: ubuntu-latest
    # The commit GitHub Classroom makes the repository with is not the student's work.
    if: github.actor != 'github-classroom[bot]'
    timeout-minutes: 30
    steps:
      - name: The student's repository
        uses: actions/checkout@v4
      - name: The instructor's hidden tests, when the HIDDEN_TESTS_REPOSITORY variable is set
        if: vars.HIDDEN_TESTS_REPOSITORY != ''
        uses: actions/checkout@v4
        with:
          repository: \${{ vars.HIDDEN_TESTS_REPOSITORY }}
          token: \${{ secrets.HIDDEN_TESTS_TOKEN }}
          path: grading
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - name: The workbook's packages
        run: corepack enable && pnpm install --frozen-lockfile
      - name: The sandbox the work is graded in
        run: |
          sudo apt-get update && sudo apt-get install -y bubblewrap
          # Ubuntu 24.04 lets no one make user namespaces; this machine is thrown away after the job.
          sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0
      - name: Grade
        id: grade
        run: |
          ${gradeLine(exercises)}
          student="$(basename "$PWD")"
          cat "grades/classroom/$student.env" >> "$GITHUB_ENV"
          echo "runners=$(cat "grades/classroom/$student.runners")" >> "$GITHUB_OUTPUT"
      - name: Report to GitHub Classroom
        uses: classroom-resources/autograding-grading-reporter@v1
        with:
          runners: \${{ steps.grade.outputs.runners }}
`;
}

export function instructorReadme(exercises: string[] | undefined, solutions: boolean): string {
  const grades = exercises ? exercises.join(', ') : 'every exercise';
  return `# This template, for the instructor

This folder is a GitHub Classroom template repository made by \`pnpm grade classroom-template\`: the
HTTP Workbook for your students, and \`.github/workflows/classroom.yml\`, which grades a student's
repository on every push and reports the points to Classroom. It grades ${grades}.
${solutions ? 'The reference solutions are in `solutions/`, as in the workbook (`pnpm workbook solution` shows one once its exercise passes); make the template again with `--no-solutions` to leave them out.' : 'The reference solutions are left out (`--no-solutions`): `pnpm workbook solution` has nothing to show.'}
Delete this file from the repository before you make it a template if you would rather students
did not read it; nothing needs it.

## Make it an assignment

1. Put this folder in a new **private** repository of your classroom's organization:

   \`\`\`sh
   git init -b main && git add -A && git commit -m "The HTTP Workbook"
   gh repo create <your-org>/http-workbook-template --private --source . --push
   \`\`\`

   (or create the repository on github.com, **New repository**, and push to it).
2. On the repository's page: **Settings**, then under **General** tick **Template repository**.
3. On <https://classroom.github.com>, open your classroom, then in the **Assignments** tab click
   **New assignment** (**Create an assignment** if it is the first).
4. **Assignment basics**: a title, a deadline if you want one, **Individual assignment**, and
   repository visibility **Private**. Click **Continue**.
5. **Starter code and environment**: under "Add a template repository to give students starter
   code", click **Select a repository**, type the repository's name and pick it. Click **Continue**.
6. **Grading and feedback**: add **no** autograding tests (Classroom would write its own
   \`classroom.yml\` over this one). Under **Protected file paths**, if you see it, add
   \`.github/**/*\`, \`exercises/*/*.test.ts\` and \`packages/**/*\`: a student who changes one of them
   gets a label on the assignment's page. Click **Create assignment**.
7. Send your students the invitation link the next page shows.

Each push of a student runs the workflow (their repository's **Actions** tab shows it, with the
feedback of every failed check); the assignment's page shows each student's points.

## What the workflow does

It checks out the student's repository, installs Node 20 and the workbook's packages, installs
bubblewrap and lifts Ubuntu's restriction on user namespaces (the runner is thrown away after the
job), then runs, at the root of the repository:

\`\`\`sh
${gradeLine(exercises)}
\`\`\`

and hands \`grades/classroom/<repository>.env\` and \`.runners\` to
\`classroom-resources/autograding-grading-reporter\`, which reports the points to Classroom. Every
exercise is one "runner" (\`ex02\`), or one per test when its tests carry different points
(\`ex03_t1\`, ...).

## Hidden tests

Tests students never get live in a private repository of yours, one folder per exercise at its
top (\`ex02-happy-server/edge-cases.test.ts\`; see docs/instructors.md, "Hidden tests"). To run them:

1. Make a fine-grained personal access token that can only read that one repository
   (**Settings** > **Developer settings** > **Personal access tokens** > **Fine-grained tokens**,
   repository access: only that repository, permission **Contents: Read-only**).
2. In your organization's **Settings** > **Secrets and variables** > **Actions**: a secret
   \`HIDDEN_TESTS_TOKEN\` holding the token, and a variable \`HIDDEN_TESTS_REPOSITORY\` holding
   \`<your-org>/<repository>\`, both with access for the students' (private) repositories.

The workflow then checks them out into \`grading/\`, where \`pnpm grade\` finds them. A student can
change the workflow in their own repository, and with it print the token: hidden tests there keep
honest students from coding to the test, not a determined one out of them.

## The grade of record

The workflow runs in the student's repository, which the student controls: a student who edits the
tests, the grader or the workflow can make it report anything. Take the grade from your own run:
download the repositories (the assignment's page, **Download**, then **Download repositories**)
and grade them with your workbook, where every test is yours and an edited test file is flagged:

\`\`\`sh
pnpm grade path/to/repositories${exercises ? ` --exercises ${exercises.join(',')}` : ''}
\`\`\`

GitHub announced that GitHub Classroom would be retired on August 28, 2026
(<https://gh.io/classroom-sunset>). The workflow is plain GitHub Actions: it grades every push of
a repository made from this template with or without Classroom; only the points on Classroom's
assignment page need Classroom.
`;
}
