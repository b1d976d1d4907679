/**
 * A student's files as Dolos compares them: a list of tokens, each with the place in the text it
 * came from. The tokens are the syntax tree read in pre-order, as Dolos's own tokeniser writes
 * them from tree-sitter's: `(`, the kind of the node, its children, `)`. Names and the values of
 * literals are not in it (an identifier is just `Identifier`), and neither are comments or spaces,
 * so renaming a variable or rewriting a comment changes nothing; the tree is TypeScript's own
 * parser's, which runs anywhere Node does.
 */
import { File, Region, TokenizedFile } from '@dodona/dolos-core';
import ts from 'typescript';

/** One file of a submission: its name (`server.ts`) and its text. */
export interface Source {
  name: string;
  text: string;
}

/** Where each source starts in the text Dolos is given: all of an exercise's files, one after the other. */
export interface Document {
  tokenized: TokenizedFile;
  /** The first line (0-based) of each source in the joined text. */
  starts: { name: string; line: number }[];
}

/** Line ends folded, and a last line end, so that each source starts on a line of its own. */
export function normalise(text: string): string {
  const folded = text.replaceAll('\r\n', '\n');
  return folded.endsWith('\n') || folded === '' ? folded : `${folded}\n`;
}

interface Token {
  token: string;
  /** Offsets into the file's text. */
  start: number;
  end: number;
}

/** The pre-order tokens of one file, with offsets into its text, and the parsed file to turn those into lines. */
export function treeTokens(text: string): { tokens: Token[]; source: ts.SourceFile } {
  const source = ts.createSourceFile('file.ts', text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const tokens: Token[] = [];
  const visit = (node: ts.Node): void => {
    const start = Math.min(node.getStart(source), node.end);
    // The node's own text runs up to its first child: the part a highlight should cover for it.
    let own = node.end;
    ts.forEachChild(node, (child) => {
      own = Math.min(own, Math.max(start, child.getStart(source)));
      return true;
    });
    const kind = String(node.kind);
    tokens.push({ token: '(', start, end: own }, { token: kind, start, end: own });
    ts.forEachChild(node, visit);
    tokens.push({ token: ')', start: node.end, end: node.end });
  };
  source.statements.forEach(visit);
  return { tokens, source };
}

/**
 * One document from all of an exercise's files of one student. Dolos requires that a k-gram never
 * ends before it starts, so the places are made to only move forward: a tree from broken code
 * (the parser always makes one) must not stop the report.
 */
export function tokenizeDocument(path: string, sources: Source[]): Document {
  const tokens: string[] = [];
  const mapping: Region[] = [];
  const starts: Document['starts'] = [];
  let firstLine = 0;
  let text = '';
  for (const { name, text: raw } of sources) {
    const own = normalise(raw);
    const tree = treeTokens(own);
    let last = 0;
    for (const token of tree.tokens) {
      const start = Math.max(token.start, last);
      const end = Math.max(token.end, start);
      last = start;
      const from = tree.source.getLineAndCharacterOfPosition(start);
      const to = tree.source.getLineAndCharacterOfPosition(end);
      tokens.push(token.token);
      mapping.push(new Region(firstLine + from.line, from.character, firstLine + to.line, to.character));
    }
    starts.push({ name, line: firstLine });
    firstLine += own.split('\n').length - 1;
    text += own;
  }
  return { tokenized: new TokenizedFile(new File(path, text), tokens, mapping), starts };
}
