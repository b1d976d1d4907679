/**
 * Names on the board: every message shows its author, only the author can delete it, and only
 * the admin can clear the board. The server checks each of these itself; the buttons on the page
 * are only where it offers them.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { clearBoard, deleteMessage, fileMessages, getPage, postForm, postMessage, shownMessages, signedUp, type Person } from './board-client.ts';
import { startBoard, type RunningBoard } from './start-server.ts';

let board: RunningBoard;
let alice: Person;
let bob: Person;
let admin: Person;
beforeAll(async () => {
  board = await startBoard();
  [alice, bob, admin] = [await signedUp(board), await signedUp(board), await signedUp(board, board.admin ?? 'admin')];
});
afterAll(() => board.stop());
afterEach(async () => {
  await clearBoard(admin);
  vi.unstubAllEnvs();
});

/** Alice posts; the message as the page shows it. */
async function postedByAlice(text = 'written by alice') {
  await postMessage(alice, text);
  const message = (await shownMessages(board)).at(-1);
  if (!message) throw new Error('the message did not appear');
  return message;
}

describe('authors', () => {
  test('each message shows who wrote it, to everyone, signed in or not', async () => {
    await postMessage(alice, 'from alice');
    await postMessage(bob, 'from bob');
    const expected = [
      { author: alice.name, text: 'from alice' },
      { author: bob.name, text: 'from bob' },
    ];
    for (const viewer of [alice, bob, { address: board.address }]) {
      expect((await shownMessages(viewer)).map(({ author, text }) => ({ author, text }))).toEqual(expected);
    }
  });

  test('the author is whoever the session says: an author field in the form changes nothing', async () => {
    await postForm(alice, '/messages', new URLSearchParams({ message: 'who am I?', author: bob.name }).toString());
    expect((await shownMessages(board)).at(-1)?.author).toBe(alice.name);
  });

  test('the Delete button is on your own messages only', async () => {
    const message = await postedByAlice();
    const button = `<input type="hidden" name="id" value="${message.id}">`;
    expect(await getPage(alice)).toContain(button);
    expect(await getPage(bob)).not.toContain(button);
    expect(await getPage(board)).not.toContain(button);
  });
});

describe('deleting', () => {
  test('the author deletes a message: 303, and it is gone from the page and the file', async () => {
    const message = await postedByAlice();
    const { response } = await deleteMessage(alice, message.id);
    expect(response?.status).toBe(303);
    expect(await shownMessages(board)).toEqual([]);
    expect(fileMessages(board.file)).toEqual([]);
  });

  test("someone else sends the delete form with alice's id: 403, and the message stays", async () => {
    const message = await postedByAlice();
    const { response } = await deleteMessage(bob, message.id);
    expect(response?.status).toBe(403);
    expect(response?.text).toContain(`only ${alice.name}, who wrote that message, can delete it`);
    expect(await shownMessages(board)).toEqual([message]);
    expect(fileMessages(board.file)).toEqual([message]);
  });

  test("the admin cannot delete it either: Clear is the admin's tool, Delete is the author's", async () => {
    const message = await postedByAlice();
    expect((await deleteMessage(admin, message.id)).response?.status).toBe(403);
  });

  test('nobody signed in: 403 before anything is read', async () => {
    const message = await postedByAlice();
    expect((await deleteMessage({ address: board.address }, message.id)).response?.status).toBe(403);
    expect(await shownMessages(board)).toEqual([message]);
  });

  test('only that message goes; the ones around it stay, in order', async () => {
    await postMessage(alice, 'one');
    const middle = await postedByAlice('two');
    await postMessage(bob, 'three');
    await deleteMessage(alice, middle.id);
    expect((await shownMessages(board)).map((message) => message.text)).toEqual(['one', 'three']);
    expect(fileMessages(board.file).map((message) => message.text)).toEqual(['one', 'three']);
  });

  test.each([
    ['an id that does not exist', 'no-such-id'],
    ['an empty id', ''],
  ])('%s: 404, and nothing changes', async (_what, id) => {
    const message = await postedByAlice();
    expect((await deleteMessage(alice, id)).response?.status).toBe(404);
    expect(await shownMessages(board)).toEqual([message]);
  });

  test('the same message deleted twice: the second time is a 404', async () => {
    const message = await postedByAlice();
    expect((await deleteMessage(alice, message.id)).response?.status).toBe(303);
    expect((await deleteMessage(alice, message.id)).response?.status).toBe(404);
  });

  test("a delete from another site is refused, even with the author's cookie", async () => {
    const message = await postedByAlice();
    const { response } = await deleteMessage(alice, message.id, { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(response?.status).toBe(403);
    expect(await shownMessages(board)).toEqual([message]);
  });
});

describe('clearing', () => {
  test('the admin clears the board', async () => {
    await postMessage(alice, 'soon gone');
    expect((await clearBoard(admin)).response?.status).toBe(303);
    expect(await shownMessages(board)).toEqual([]);
  });

  test.each([
    ['someone signed in who is not the admin', () => bob],
    ['nobody signed in', () => ({ address: board.address })],
  ])('%s: 403, and nothing is cleared', async (_what, who) => {
    const message = await postedByAlice();
    const { response } = await clearBoard(who());
    expect(response?.status).toBe(403);
    expect(await shownMessages(board)).toEqual([message]);
  });

  test('a board without an admin: nobody can clear it, not even an account named admin', async () => {
    const lonely = await startBoard({ admin: undefined });
    try {
      const named = await signedUp(lonely, 'admin');
      await postMessage(named, 'here to stay');
      expect((await clearBoard(named)).response?.status).toBe(403);
      expect(await shownMessages(lonely)).toHaveLength(1);
    } finally {
      await lonely.stop();
    }
  });

  test('BOARD_ADMIN in the environment names the admin when no option does', async () => {
    vi.stubEnv('BOARD_ADMIN', 'boss');
    const other = await startBoard({ admin: undefined });
    try {
      const boss = await signedUp(other, 'boss');
      expect(await getPage(boss)).toContain('action="/clear"');
      expect((await clearBoard(boss)).response?.status).toBe(303);
    } finally {
      await other.stop();
    }
  });
});
