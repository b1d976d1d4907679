// The report page's only script: sorts the students' table when a column's heading is pressed
// (a button, so the keyboard works too), and again the other way. It reads the values the server
// put in each cell's data-value and moves whole rows; it never turns text into HTML.
(() => {
  const table = document.getElementById('students-table');
  if (!table) return;
  const body = table.tBodies[0];
  const headings = [...table.tHead.rows[0].cells];
  const status = document.getElementById('sort-status');

  const cellValue = (row, column) => row.cells[column]?.dataset.value ?? '';
  const byName = (a, b) => cellValue(a, 0).localeCompare(cellValue(b, 0), 'en', { numeric: true });

  function sortBy(column, ascending) {
    const numeric = headings[column].dataset.type === 'number';
    const compare = numeric
      ? (a, b) => Number(cellValue(a, column)) - Number(cellValue(b, column))
      : (a, b) => cellValue(a, column).localeCompare(cellValue(b, column), 'en', { numeric: true });
    // Ties keep the order of names, whichever way the column goes.
    const rows = [...body.rows].sort((a, b) => (ascending ? compare(a, b) : compare(b, a)) || byName(a, b));
    body.append(...rows);
    for (const heading of headings) heading.removeAttribute('aria-sort');
    headings[column].setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    const name = headings[column].querySelector('button').firstChild.textContent.trim();
    status.textContent = `Sorted by ${name}, ${ascending ? 'ascending' : 'descending'}.`;
  }

  headings.forEach((heading, column) => {
    const button = heading.querySelector('button');
    if (!button) return;
    button.addEventListener('click', () => sortBy(column, heading.getAttribute('aria-sort') !== 'ascending'));
  });
})();
