#!/usr/bin/env node
// Checks Cypher statements with Neo4j's own parser and semantic analysis
// (@neo4j-cypher/language-support: lintCypherQuery = ANTLR parse + the semantic checker
// of the Cypher front end), against built-in functions and procedures only (no APOC, no
// GDS: what a Neo4j 5 Community server has).
//
// usage: node check.mjs [--strict] [--cypher 5|25|5,25] [FILE]
//   FILE (or stdin): a JSON array of statements, or an object
//   {"statements": [...], "labels": [...], "relationshipTypes": [...]}; with labels and
//   types given, a label or type not among them is reported (as a warning).
// Parameters ($x) are supplied at run time, so "Parameter $x is not defined" is ignored.
// Exit status: 0 all clean; 1 some statement has an error (or, with --strict, a warning);
// 2 bad usage, or the checker failed its own self-test (it must flag a syntax error and
// an undefined variable, else it is not really checking anything).

import { readFileSync } from 'node:fs';
import {
  lintCypherQuery,
  isNotParamError,
  testData,
} from '@neo4j-cypher/language-support';

const ERROR = 1;
const SEVERITY = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

function usage(message) {
  process.stderr.write(`check.mjs: ${message}\nusage: node check.mjs [--strict] [--cypher 5|25|5,25] [FILE]\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { strict: false, versions: ['CYPHER 5'], file: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--strict') opts.strict = true;
    else if (a === '--cypher') {
      const v = argv[++i];
      if (!v) usage('--cypher needs a value');
      opts.versions = v.split(',').map((x) => {
        if (x !== '5' && x !== '25') usage(`unknown Cypher version ${x}`);
        return `CYPHER ${x}`;
      });
    } else if (a === '-h' || a === '--help') usage('help');
    else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else if (opts.file === null) opts.file = a;
    else usage('only one FILE');
  }
  return opts;
}

function builtIns() {
  // The package's own catalogue of a Neo4j server's functions and procedures, reduced to
  // what ships with Neo4j itself.
  const mock = testData.mockSchema;
  const functions = {};
  const procedures = {};
  for (const [version, registry] of Object.entries(mock.functions ?? {})) {
    functions[version] = Object.fromEntries(Object.entries(registry).filter(([, f]) => f.isBuiltIn));
  }
  for (const [version, registry] of Object.entries(mock.procedures ?? {})) {
    procedures[version] = Object.fromEntries(
      Object.entries(registry).filter(([name]) => name.startsWith('db.') || name.startsWith('dbms.')),
    );
  }
  return { functions, procedures };
}

function readInput(file) {
  let raw;
  try {
    raw = readFileSync(file ?? 0, 'utf8');
  } catch (e) {
    usage(`cannot read ${file ?? 'stdin'}: ${e.message}`);
  }
  let data;
  try {
    data = JSON.parse(raw);
  } catch (e) {
    usage(`not JSON: ${e.message}`);
  }
  const statements = Array.isArray(data) ? data : data?.statements;
  if (!Array.isArray(statements) || !statements.every((s) => typeof s === 'string')) {
    usage('expected a JSON array of strings, or {"statements": [strings], ...}');
  }
  const hints = Array.isArray(data) ? {} : data;
  return { statements, labels: hints.labels, relationshipTypes: hints.relationshipTypes };
}

function lint(statement, schema) {
  const { diagnostics } = lintCypherQuery(statement, schema, { consoleCommandsEnabled: false });
  return diagnostics.filter(isNotParamError);
}

function selfTest(schema) {
  const mustFail = [
    'MATCH (n) RETRN n', // syntax
    'MATCH (n) RETURN m', // semantic: undefined variable
  ];
  for (const q of mustFail) {
    if (!lint(q, schema).some((d) => d.severity === ERROR)) {
      process.stderr.write(`check.mjs: self-test failed: no error reported for ${JSON.stringify(q)}\n`);
      process.exit(2);
    }
  }
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const input = readInput(opts.file);
  const base = { ...builtIns(), parameters: {} };
  if (input.labels && input.relationshipTypes) {
    base.labels = input.labels;
    base.relationshipTypes = input.relationshipTypes;
  }
  let failed = 0;
  let diagnosticsCount = 0;
  for (const version of opts.versions) {
    const schema = { ...base, defaultLanguage: version };
    selfTest(schema);
    input.statements.forEach((statement, index) => {
      const diagnostics = lint(statement, schema);
      if (diagnostics.length === 0) return;
      diagnosticsCount += diagnostics.length;
      const bad = diagnostics.some((d) => d.severity === ERROR || opts.strict);
      if (bad) failed += 1;
      const lines = [`--- statement ${index} (${version})${bad ? '' : ' [warnings only]'}:`, statement.trim()];
      for (const d of diagnostics) {
        const at = `${d.range.start.line + 1}:${d.range.start.character + 1}`;
        lines.push(`  ${SEVERITY[d.severity] ?? d.severity} at ${at}: ${d.message}`);
      }
      process.stdout.write(lines.join('\n') + '\n');
    });
  }
  const checked = input.statements.length * opts.versions.length;
  process.stdout.write(
    `checked ${input.statements.length} statements (${opts.versions.join(', ')}): ` +
      `${checked - failed} passed, ${failed} failed, ${diagnosticsCount} diagnostics\n`,
  );
  process.exit(failed ? 1 : 0);
}

main();
