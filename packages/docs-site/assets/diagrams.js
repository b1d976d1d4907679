// Draws every ```mermaid block of the page as an SVG, here in the browser, from the copy of
// mermaid that the site serves itself (no network needed). A diagram that fails to draw is
// reported on the console, which the site's browser test treats as a failure.
void (async () => {
  const dark = window.matchMedia('(prefers-color-scheme: dark)').matches;
  try {
    // useMaxWidth off: a diagram keeps its natural size, its labels as big as the text around
    // them, and scrolls sideways in its .diagram box when it is wider than the screen.
    const natural = { useMaxWidth: false };
    window.mermaid.initialize({
      startOnLoad: false,
      theme: dark ? 'dark' : 'default',
      securityLevel: 'strict',
      fontSize: 16,
      flowchart: natural,
      sequence: natural,
      state: natural,
      class: natural,
      er: natural,
    });
    await window.mermaid.run({ querySelector: 'pre.mermaid' });
  } catch (error) {
    console.error('A diagram could not be drawn:', error);
  }
  document.documentElement.dataset.diagrams = 'drawn';
})();
