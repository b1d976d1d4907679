// The board's live view, in the browser: new messages appear without a reload.
//
// EventSource opens GET /events and keeps it open. Each event the server writes arrives here as
// it is written; when the connection breaks, EventSource reconnects by itself and sends the id of
// the last event it saw (Last-Event-ID), so the server can send what was missed.
//
// Messages are put on the page with textContent, never innerHTML: a message is text typed by a
// stranger, and textContent cannot turn it into tags or scripts (the same job escapeHtml does on
// the server).
const list = document.getElementById('messages');
const empty = document.querySelector('.empty');

// The page says which event it already shows, so the stream starts right after it: a message
// posted between loading the page and opening the stream is neither lost nor shown twice.
const since = list.dataset.lastEventId ?? '';
const source = new EventSource(`/events?since=${encodeURIComponent(since)}`);

source.addEventListener('message', (event) => {
  const { text, postedAt } = JSON.parse(event.data);
  list.append(messageItem(text, postedAt));
  empty.hidden = true;
});

source.addEventListener('clear', () => {
  list.replaceChildren();
  empty.hidden = false;
});

// The server cannot tell what we missed (it restarted, or we were away too long): start afresh.
source.addEventListener('reload', () => {
  source.close();
  location.reload();
});

/** The same <li> that page.ts writes on the server. */
function messageItem(text, postedAt) {
  const iso = new Date(postedAt).toISOString();
  const paragraph = document.createElement('p');
  paragraph.textContent = text;
  const time = document.createElement('time');
  time.dateTime = iso;
  time.textContent = `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
  const item = document.createElement('li');
  item.append(paragraph, time);
  return item;
}
