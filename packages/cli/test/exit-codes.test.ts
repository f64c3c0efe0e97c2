import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode } from '@infer/core';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ExitCode, exitCodeOf } from '../src/exit-codes.js';
import { CLI_DIR } from '@infer/test-servers/cli';

interface DocumentedExitCode {
  readonly name: string;
  readonly code: number;
  /** The doc comment of its member of `ExitCode`, on one line. */
  readonly meaning: string;
}

/** The members of `ExitCode` in src/exit-codes.ts, in order, with their doc comments. */
function documentedExitCodes(): DocumentedExitCode[] {
  const path = join(CLI_DIR, 'src', 'exit-codes.ts');
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  let members: ts.NodeArray<ts.ObjectLiteralElementLike> | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && node.name.getText() === 'ExitCode') {
      const frozen = node.initializer as ts.CallExpression;
      members = ((frozen.arguments[0] as ts.AsExpression).expression as ts.ObjectLiteralExpression).properties;
    } else ts.forEachChild(node, visit);
  };
  visit(source);
  return (members ?? []).map((member) => {
    const [doc] = ts.getJSDocCommentsAndTags(member);
    const comment = doc && ts.isJSDoc(doc) ? ts.getTextOfJSDocComment(doc.comment) : undefined;
    const code = Number((member as ts.PropertyAssignment).initializer.getText());
    return { name: member.name!.getText(), code, meaning: (comment ?? '').replace(/\s+/g, ' ').trim() };
  });
}

/** The README's table as src/exit-codes.ts says it: every code, its meaning and the error codes leading to it. */
function expectedTable(): string[] {
  const rows = documentedExitCodes().map(({ code, meaning }) => {
    // Codes that end as unexpected (using a closed backend) are programming errors: named nowhere on purpose.
    const errors = code === ExitCode.Unexpected ? [] : Object.values(ErrorCode).filter((e) => exitCodeOf(e) === code);
    const named = errors.length === 0 ? '' : ` ${errors.map((e) => `\`${e}\``).join(', ')}`;
    return `| ${code} | ${meaning.replaceAll('|', '\\|')} |${named} |`;
  });
  return ['| exit code | meaning | error codes |', '|---|---|---|', ...rows];
}

function readmeTable(): string[] {
  const lines = readFileSync(join(CLI_DIR, 'README.md'), 'utf8').split('\n');
  const start = lines.indexOf('| exit code | meaning | error codes |');
  const end = lines.findIndex((line, index) => index > start && !line.startsWith('|'));
  return lines.slice(start, end);
}

interface HelpOfCommand {
  readonly description?: string;
  readonly examples?: readonly { readonly description?: string }[];
  readonly flags?: Record<string, { readonly description?: string }>;
  readonly args?: Record<string, { readonly description?: string }>;
}

/** Every text of every command's help, from the built manifest: description, examples, flags and args. */
function helpTexts(): { command: string; text: string }[] {
  const manifest = JSON.parse(readFileSync(join(CLI_DIR, 'oclif.manifest.json'), 'utf8')) as {
    commands: Record<string, HelpOfCommand>;
  };
  return Object.entries(manifest.commands).flatMap(([command, help]) => {
    const texts = [
      help.description,
      ...(help.examples ?? []).map((example) => example.description),
      ...Object.values({ ...help.flags, ...help.args }).map((option) => option.description),
    ];
    return texts.filter((text): text is string => typeof text === 'string').map((text) => ({ command, text }));
  });
}

const WORDS_THAT_NAME_NOTHING = new Set(['a', 'an', 'the', 'of', 'this', 'is', 'not', 'or', 'and', 'to', 'in', 'on']);
const wordsOf = (text: string) =>
  (text.toLowerCase().match(/[a-z]+/g) ?? []).filter((w) => !WORDS_THAT_NAME_NOTHING.has(w));

describe('exit codes, described once in src/exit-codes.ts', () => {
  it('gives every exit code a meaning, in ascending order', () => {
    const documented = documentedExitCodes();
    expect(documented.map(({ name, code }) => [name, code])).toEqual(Object.entries(ExitCode));
    expect(documented.filter(({ meaning }) => meaning === '')).toEqual([]);
    expect(documented.map(({ code }) => code)).toEqual(documented.map(({ code }) => code).sort((a, b) => a - b));
  });

  it("is the README's table, row for row (meanings and error codes)", () => {
    expect(readmeTable()).toEqual(expectedTable());
  });

  it('is what every exit code named in a command’s help refers to', () => {
    const codes = new Set<number>(Object.values(ExitCode));
    const named = helpTexts().flatMap(({ command, text }) => {
      const mentions = [...text.matchAll(/\bexits?\s+(\d+)/gi), ...text.matchAll(/\bexit\b.*?,\s+(\d+)\s+when\b/gi)];
      return mentions.map((m) => ({ command, code: Number(m[1]) }));
    });
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter(({ code }) => !codes.has(code))).toEqual([]);
  });

  it('words each entry of a help\'s "Exit codes:" list as its meaning does', () => {
    const documented = new Map(documentedExitCodes().map((exit) => [exit.code, exit]));
    const lists = helpTexts().flatMap(({ command, text }) => {
      const list = /Exit codes: (.*?)\.(?:\s|$)/s.exec(text)?.[1];
      return list === undefined ? [] : list.split(/,\s+(?=\d+ )/).map((entry) => ({ command, entry }));
    });
    expect(lists.length).toBeGreaterThan(5);
    for (const { command, entry } of lists) {
      const [, code, words] = /^(\d+) ([^(]*)/.exec(entry) ?? [];
      const exit = documented.get(Number(code));
      expect(exit, `${command}: "${entry}"`).toBeDefined();
      const vocabulary = new Set(wordsOf(`${exit!.meaning} ${exit!.name.replace(/([A-Z])/g, ' $1')}`));
      const unknown = wordsOf(words ?? '').filter((word) => !vocabulary.has(word));
      expect(unknown, `${command}: "${entry}" against "${exit!.meaning}"`).toEqual([]);
    }
  });
});
