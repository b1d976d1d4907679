/**
 * The board's memory: the accounts and the messages, kept in a file so that they survive a restart
 * or a crash.
 *
 * The file holds one account or one message per line, each line a small JSON object (the "JSON
 * lines" format). New in this lesson: accounts, and a message says who wrote it, with an id so that
 * its author can delete it:
 *
 *     {"type":"account","name":"alice","password":"scrypt$16384$8$1$Yx3v…$9kQ2…","createdAt":"2026-11-21T06:10:00.000Z"}
 *     {"type":"message","id":"5f0c…","author":"alice","text":"Hello, board!","postedAt":"2026-11-21T06:14:12.345Z"}
 *
 * The password is never in the file, only its scrypt hash (see passwords.ts).
 *
 * Signing up or posting adds one line at the end of the file; nothing already written is touched. If
 * the power goes while a line is written, only that last line can be damaged, and loadBoard
 * recognises it and drops it. Rewriting the whole file for every post (the source material's pickle did that)
 * would need more care each time, and gets slower as the board grows.
 *
 * "Written" is not "on disk". The operating system keeps written bytes in memory and saves them
 * later. `sync()` (fsync) waits until the disk has them. We sync before we answer the browser, so a
 * message that got its "saved" answer is on disk, whatever happens next.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import path from 'node:path';
import { boardFileLogLine } from './log.ts';

export interface Message {
  /** A random id (randomUUID), for the Delete button: the author says which message to delete. */
  id: string;
  /** The name of the account that posted it. */
  author: string;
  text: string;
  /** When the board received it, as an ISO 8601 time in UTC: 2026-11-21T06:14:12.345Z. */
  postedAt: string;
}

export interface Account {
  name: string;
  /** The password's scrypt hash, as hashPassword writes it. Never the password itself. */
  password: string;
  createdAt: string;
}

type Line = ({ type: 'account' } & Account) | ({ type: 'message' } & Message);

/** The board file cannot be used. The message says what is wrong and what to do about it. */
export class BoardFileError extends Error {
  readonly code = 'ERR_BOARD_FILE';
}

export class Board {
  readonly file: string;
  #accounts: Map<string, Account>;
  #messages: Message[];
  /** The write in progress; the next one starts after it (see inTurn). */
  #lastWrite: Promise<unknown> = Promise.resolve();

  constructor(file: string, accounts: Account[], messages: Message[]) {
    this.file = file;
    this.#accounts = new Map(accounts.map((account) => [account.name, account]));
    this.#messages = messages;
  }

  /** Every message, oldest first. Only messages that are safely on disk are in this list. */
  get messages(): readonly Message[] {
    return this.#messages;
  }

  account(name: string): Account | undefined {
    return this.#accounts.get(name);
  }

  /**
   * Resolves with the new account once it is on disk, or with undefined if the name is taken.
   * The check is made in turn with the writes, so two sign-ups for one name cannot both win.
   */
  addAccount(name: string, password: string): Promise<Account | undefined> {
    return this.#inTurn(async () => {
      if (this.#accounts.has(name)) return undefined;
      const account: Account = { name, password, createdAt: new Date().toISOString() };
      await appendDurably(this.file, lineFor({ type: 'account', ...account }));
      this.#accounts.set(name, account);
      return account;
    });
  }

  /** Resolves once the message is on disk, never before. */
  post(author: string, text: string): Promise<Message> {
    return this.#inTurn(async () => {
      const message: Message = { id: randomUUID(), author, text, postedAt: new Date().toISOString() };
      await appendDurably(this.file, lineFor({ type: 'message', ...message }));
      this.#messages.push(message);
      return message;
    });
  }

  /**
   * Resolves once the message with this id is gone from the file. Deleting is rare, so the whole
   * file is written again without it, safely, the way clear writes it.
   */
  delete(id: string): Promise<void> {
    return this.#inTurn(async () => {
      const messages = this.#messages.filter((message) => message.id !== id);
      await replaceDurably(this.file, this.#fileWith(messages));
      this.#messages = messages;
    });
  }

  /** Resolves once the file on disk holds no messages. The accounts stay. */
  clear(): Promise<void> {
    return this.#inTurn(async () => {
      await replaceDurably(this.file, this.#fileWith([]));
      this.#messages = [];
    });
  }

  /** The whole board file, with every account and these messages. */
  #fileWith(messages: readonly Message[]): string {
    const accounts = [...this.#accounts.values()].map((account) => lineFor({ type: 'account', ...account }));
    return [...accounts, ...messages.map((message) => lineFor({ type: 'message', ...message }))].join('');
  }

  /**
   * Runs one write after the other, in the order they were asked for. Two requests that arrive at
   * the same moment are two async functions, and each waits for the disk more than once. Without
   * this queue their steps could mix: a clear could land between a post's write and its push, and
   * the message would be on the page but gone after a restart.
   */
  #inTurn<T>(write: () => Promise<T>): Promise<T> {
    const result = this.#lastWrite.then(write);
    // The next write waits for this one to end, whether it worked or failed.
    this.#lastWrite = result.catch(() => {});
    return result;
  }
}

/**
 * Opens the board at `file`, creating the file (and its folder) if needed, and reads every message
 * in it. This runs once, before the server answers anyone, so reading synchronously is fine.
 *
 * A last line that is not a valid message was cut off by a crash while it was written: it is
 * dropped, with a line in the log, and the file is repaired so the next message starts on a line
 * of its own. A bad line anywhere else means someone or something else changed the file: rather
 * than guess, the board refuses to start and says which line.
 */
export function loadBoard(file: string, log: (line: string) => void): Board {
  const existed = existsSync(file);
  let fd: number;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    // a+: read, and append; creates the file if it is missing. Opening it for writing now means
    // a file we may not write to is found at start, not at the first post.
    fd = openSync(file, 'a+');
  } catch (error) {
    throw new BoardFileError(cannotOpen(file, error as NodeJS.ErrnoException));
  }
  try {
    const lines = readFileSync(fd, 'utf8').split('\n');
    const accounts: Account[] = [];
    const messages: Message[] = [];
    // The last line with anything on it. The piece after the final \n is normally empty.
    const last = lines.findLastIndex((line) => line.trim() !== '');
    let torn = false;
    for (const [index, line] of lines.entries()) {
      if (line.trim() === '') continue;
      const parsed = parseLine(line);
      if (parsed?.type === 'account') {
        const { type: _, ...account } = parsed;
        accounts.push(account);
      } else if (parsed?.type === 'message') {
        const { type: _, ...message } = parsed;
        messages.push(message);
      } else if (index === last) {
        torn = true;
        dropTornLine(fd, lines, index);
        log(boardFileLogLine(`dropped line ${index + 1} of ${file}, cut off by a crash: ${preview(line)}`));
      } else {
        throw new BoardFileError(corruptLine(file, index + 1, line));
      }
    }
    // A whole last line that lost only its \n: add it, or the next message would be glued on.
    if (!torn && last !== -1 && last === lines.length - 1) {
      writeSync(fd, '\n');
      fsyncSync(fd);
    }
    if (!existed) syncFolderSync(path.dirname(file));
    log(boardFileLogLine(`${count(accounts.length, 'account')} and ${count(messages.length, 'message')} in ${file}`));
    return new Board(file, accounts, messages);
  } finally {
    closeSync(fd);
  }
}

function lineFor(line: Line): string {
  return `${JSON.stringify(line)}\n`;
}

function parseLine(line: string): Line | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const fields = value as Record<string, unknown>;
  const isText = (name: string) => typeof fields[name] === 'string';
  const isTime = (name: string) => isText(name) && !Number.isNaN(Date.parse(fields[name] as string));
  if (fields.type === 'account' && isText('name') && isText('password') && isTime('createdAt')) {
    const { name, password, createdAt } = fields as unknown as Account;
    return { type: 'account', name, password, createdAt };
  }
  if (fields.type === 'message' && isText('id') && isText('author') && isText('text') && isTime('postedAt')) {
    const { id, author, text, postedAt } = fields as unknown as Message;
    return { type: 'message', id, author, text, postedAt };
  }
  return undefined;
}

function count(n: number, thing: string): string {
  return `${n} ${n === 1 ? thing : `${thing}s`}`;
}

/** Cuts the file back to the end of the line before `index`. */
function dropTornLine(fd: number, lines: string[], index: number): void {
  const kept = lines
    .slice(0, index)
    .map((line) => `${line}\n`)
    .join('');
  ftruncateSync(fd, Buffer.byteLength(kept));
  fsyncSync(fd);
}

/** Adds `line` at the end of `file` and waits until it is on disk. */
async function appendDurably(file: string, line: string): Promise<void> {
  // Opened for each message, not once at start: after a clear, `file` is a new file (see below).
  const handle = await open(file, 'a');
  try {
    const { size } = await handle.stat();
    try {
      await handle.appendFile(line);
      await handle.sync();
    } catch (error) {
      // A write that failed half-way (a full disk, say) leaves half a line, and the next message
      // would be glued to it. Cut it off again; the caller answers with an error.
      await handle.truncate(size).catch(() => {});
      throw error;
    }
  } finally {
    await handle.close();
  }
}

/**
 * Replaces the whole content of `file`, so that after a crash it holds either the old content or
 * the new, never a mix. Clearing writes an empty board this way.
 *
 * Truncating the file in place would also empty it, but the same steps work for any new content:
 * write it to a temporary file next to the real one, sync it, then rename it over the real one.
 * A rename is all or nothing. Then sync the folder, because the rename is a change to the folder
 * (which name points at which file), and without it the old file could come back after a crash.
 */
async function replaceDurably(file: string, content: string): Promise<void> {
  const temporary = `${file}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
  await syncFolder(path.dirname(file));
}

// Windows cannot open a folder to sync it; there, a rename is as durable as a program can ask for.
async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The same, for the one time it is needed before the server starts: a board file just created. */
function syncFolderSync(folder: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(folder, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function preview(line: string): string {
  return JSON.stringify(line.length > 60 ? `${line.slice(0, 60)}...` : line);
}

function cannotOpen(file: string, error: NodeJS.ErrnoException): string {
  const start = `The message board cannot use its file ${file}:`;
  const choose = 'Set BOARD_FILE to the path of a file the board may create and write, such as BOARD_FILE=/tmp/board.jsonl.';
  switch (error.code) {
    case 'EISDIR':
      return `${start} that is a folder, not a file.\n${choose}`;
    case 'ENOTDIR':
      return `${start} part of that path is a file where a folder should be.\n${choose}`;
    case 'EACCES':
    case 'EPERM':
      return `${start} permission denied.\nGive your user read and write access to it (ls -l shows who owns it), or: ${choose}`;
    default:
      return `${start} ${error.message}.\n${choose}`;
  }
}

function corruptLine(file: string, lineNumber: number, line: string): string {
  return (
    `The message board cannot start: line ${lineNumber} of ${file} is not an account or a message: ${preview(line)}.\n` +
    'A crash can only damage the last line, so something else has changed this file. The board does not ' +
    'guess which lines are real, and it has changed nothing.\n' +
    `Fix or delete that line in an editor (keep a copy first), or move the file away to start with an empty board.`
  );
}
