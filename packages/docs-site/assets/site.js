// The site's own scripts: a copy button on every code block, and the search page.

// On a narrow screen the course outline would fill the whole first screen: fold it, so the page
// starts with the page. Without a script it stays open, which is still usable.
(() => {
  const outline = document.querySelector('nav.outline details');
  if (outline && window.matchMedia('(max-width: 52em)').matches) outline.open = false;
})();

// Copy buttons, added here because without a script they could do nothing. A shell session
// written with "$ " prompts copies only its commands, without the prompts and the output.
(() => {
  function commandsOf(text) {
    const lines = text.split('\n');
    const prompted = lines.filter((line) => line.startsWith('$ '));
    return prompted.length > 0 ? prompted.map((line) => line.slice(2)).join('\n') : text;
  }
  async function copy(text) {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // Pages opened from a file, or an older browser: the old way, through a selection.
      const area = document.createElement('textarea');
      area.value = text;
      document.body.append(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
  }
  for (const block of document.querySelectorAll('.code')) {
    const code = block.querySelector('pre code');
    if (!code) continue;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy';
    button.textContent = 'Copy';
    button.setAttribute('aria-label', 'Copy this code');
    button.addEventListener('click', async () => {
      await copy(commandsOf(code.textContent.replace(/\n$/, '')));
      button.textContent = 'Copied';
      button.dataset.copied = '';
      setTimeout(() => {
        button.textContent = 'Copy';
        delete button.dataset.copied;
      }, 1500);
    });
    block.append(button);
  }
})();

// The search page. The header's search box sends the words to
// search.html?q=..., and this script looks them up in search-index.json, which the build wrote
// from every page's headings and text. No server and no network are needed.
(() => {
  const results = document.getElementById('search-results');
  if (!results) return;
  const query = new URLSearchParams(window.location.search).get('q')?.trim() ?? '';
  document.getElementById('q').value = query;
  const status = document.getElementById('search-status');
  if (query === '') {
    status.textContent = 'Type a few words in the search box above, then press Enter.';
    return;
  }
  const words = query.toLowerCase().split(/\s+/);

  /** Every word must appear; a word in a heading or page title counts more than one in the text. */
  function score(section) {
    const title = `${section.page} ${section.heading}`.toLowerCase();
    const text = section.text.toLowerCase();
    let total = 0;
    for (const word of words) {
      const inTitle = title.includes(word);
      const inText = text.includes(word);
      if (!inTitle && !inText) return 0;
      total += (inTitle ? 5 : 0) + (inText ? 1 : 0);
    }
    return total;
  }

  /** A few words of the text around the first match, so the reader sees why it was found. */
  function excerpt(text) {
    const at = text.toLowerCase().indexOf(words[0]);
    const start = Math.max(0, at - 60);
    return (start > 0 ? '…' : '') + text.slice(start, start + 180) + (start + 180 < text.length ? '…' : '');
  }

  fetch('search-index.json')
    .then((response) => response.json())
    .then((sections) => {
      const found = sections
        .map((section) => ({ section, score: score(section) }))
        .filter((hit) => hit.score > 0)
        .sort((a, b) => b.score - a.score)
        .slice(0, 30);
      status.textContent =
        found.length === 0 ? `Nothing found for “${query}”. Try fewer or shorter words.` : `${found.length}${found.length === 30 ? '+' : ''} places found for “${query}”.`;
      for (const { section } of found) {
        const item = document.createElement('li');
        const link = document.createElement('a');
        link.href = section.id ? `${section.url}#${section.id}` : section.url;
        link.textContent = section.heading && section.heading !== section.page ? `${section.page}: ${section.heading}` : section.page;
        const text = document.createElement('p');
        text.textContent = excerpt(section.text);
        item.append(link, text);
        results.append(item);
      }
    })
    .catch((error) => {
      status.textContent = 'The search index could not be loaded.';
      console.error(error);
    });
})();
