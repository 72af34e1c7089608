'use strict';
// fedcred check (issue 25): in the pull request, before anything fails, whether the jobs of the
// repository's workflows, as checked out, will be accepted by the federated credentials that
// exist. This file reads the workspace and the inputs and writes the summary and the outputs;
// every judgement is the Rust core's (../explain/wasm, the same module actions/explain runs).
// It requests no token.

const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

/** How deep folders are followed, how many files are read, and the largest (the core reads 1 MiB). */
const MAX_DEPTH = 32;
const MAX_FILES = 5000;
const MAX_BYTES = 1024 * 1024;

function input(name) {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim();
}

function escapeData(value) {
  return String(value).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function setOutput(name, value) {
  const file = process.env.GITHUB_OUTPUT;
  if (!file) {
    return;
  }
  const delimiter = `ghadelimiter_${crypto.randomUUID()}`;
  fs.appendFileSync(file, `${name}<<${delimiter}\n${value}\n${delimiter}\n`, 'utf8');
}

/** The pipeline files below `dir`, as the CLI walks a folder: links not followed, .git skipped. */
function walk(root, dir, depth, files, notes, pipelineFile) {
  if (depth > MAX_DEPTH) {
    notes.push(`${path.relative(root, dir)}: deeper than ${MAX_DEPTH} folders: not read`);
    return;
  }
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  } catch (error) {
    notes.push(`${path.relative(root, dir) || '.'}: cannot be read (${error.code || error.message})`);
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    const name = path.relative(root, full).split(path.sep).join('/');
    if (entry.isSymbolicLink()) {
      continue;
    }
    if (entry.isDirectory()) {
      if (entry.name !== '.git' && entry.name !== 'node_modules') {
        walk(root, full, depth + 1, files, notes, pipelineFile);
      }
    } else if (entry.isFile() && pipelineFile(name)) {
      if (files.length >= MAX_FILES) {
        notes.push(`more than ${MAX_FILES} pipeline files: the rest are not read`);
        return;
      }
      const size = fs.statSync(full).size;
      if (size > MAX_BYTES) {
        notes.push(`${name}: ${(size / 1048576).toFixed(1)} MB, over the 1 MiB fedcred reads in a pipeline file: left out`);
        continue;
      }
      files.push({ name, text: fs.readFileSync(full, 'utf8') });
    }
  }
}

/** How many times the templates and included files the pipelines name are looked for. */
const MAX_ROUNDS = 24;

/**
 * The Azure Pipelines templates and GitLab includes the files name (the core's `wanted`), read
 * round after round until nothing new is named, as `fedcred predict DIR` reads them; never a
 * file outside the workspace. What is not found stays in the core's notes.
 */
function readWanted(workspace, files, notes, wantedOf, globMatches) {
  const tried = new Set();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const before = files.length;
    for (const w of JSON.parse(wantedOf(files))) {
      if (tried.has(w.path)) {
        continue;
      }
      tried.add(w.path);
      const known = (name) => files.some((f) => f.name === name);
      if (w.path.includes('*')) {
        const literal = [];
        for (const part of w.path.split('/')) {
          if (part.includes('*')) break;
          literal.push(part);
        }
        const dir = path.resolve(workspace, literal.join('/'));
        if (dir === workspace || dir.startsWith(workspace + path.sep)) {
          walk(workspace, dir, 0, files, notes, (name) => globMatches(w.path, name) && !known(name));
        }
        continue;
      }
      const full = path.resolve(workspace, w.path);
      const name = path.relative(workspace, full).split(path.sep).join('/');
      if (!full.startsWith(workspace + path.sep) || known(name)) {
        continue;
      }
      let stat;
      try {
        stat = fs.lstatSync(full);
      } catch {
        continue;
      }
      if (!stat.isFile()) {
        continue;
      }
      if (stat.size > MAX_BYTES) {
        notes.push(`${name}: ${(stat.size / 1048576).toFixed(1)} MB, over the 1 MiB fedcred reads in a pipeline file: left out`);
        continue;
      }
      files.push({ name, text: fs.readFileSync(full, 'utf8') });
    }
    if (files.length === before) {
      return;
    }
  }
}

/** An input that is JSON, or the path of a file in the workspace holding it. */
function jsonOrFile(value, what, workspace, notes) {
  if (!value) {
    return '';
  }
  if (value.startsWith('{') || value.startsWith('[')) {
    return value;
  }
  const file = path.resolve(workspace, value);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    notes.push(`the ${what} input is not JSON and names no file that can be read: ${value} (${error.code || error.message})`);
    return '';
  }
}

function main() {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  const notes = [];
  const files = [];
  // Which files count is the core's rule (the same as `fedcred predict DIR`).
  const { Repository, check, wanted, glob_matches: globMatches, pipeline_file: pipelineFile } = require('../explain/wasm/fedcred_action.js');
  const root = path.resolve(workspace);
  walk(root, root, 0, files, notes, pipelineFile);
  readWanted(root, files, notes, (current) => {
    const asked = new Repository();
    asked.files = JSON.stringify(current);
    asked.repository = process.env.GITHUB_REPOSITORY || '';
    const answer = wanted(asked);
    asked.free();
    return answer;
  }, globMatches);
  const repository = new Repository();
  repository.files = JSON.stringify(files);
  repository.credentials = jsonOrFile(input('credentials'), 'credentials', workspace, notes);
  repository.github_ids = jsonOrFile(input('github-ids'), 'github-ids', workspace, notes);
  repository.repository = process.env.GITHUB_REPOSITORY || '';
  repository.default_branch = input('default-branch');
  repository.notes = notes.join('\n');
  const out = check(repository);
  repository.free();
  setOutput('refused', out.refused ? 'true' : 'false');
  setOutput('counts', out.counts);
  if (process.env.GITHUB_STEP_SUMMARY) {
    fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${out.markdown}\n`, 'utf8');
  }
  // The summary quotes file names and values others chose: no workflow commands in the log.
  const resume = crypto.randomUUID();
  process.stdout.write(`::stop-commands::${resume}\n${out.markdown.trimEnd()}\n::${resume}::\n`);
  const failOnRefused = input('fail-on-refused').toLowerCase() !== 'false';
  const headline = out.error ? `could not check: ${out.error}` : out.refused ? `a job will be refused (${out.counts})` : `every job's subject is accepted (${out.counts})`;
  process.stdout.write(`::${out.refused ? 'error' : 'notice'} title=fedcred check::${escapeData(`${headline}; the job summary has the details`)}\n`);
  if (out.refused && failOnRefused) {
    process.exitCode = 1;
  }
  out.free();
}

try {
  main();
} catch (error) {
  process.stdout.write(`::error title=fedcred check::${escapeData(`fedcred could not finish: ${error && error.message}`)}\n`);
  process.exitCode = 1;
}
