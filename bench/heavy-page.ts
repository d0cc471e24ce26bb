/**
 * The scripted page the overhead benchmark records: thousands of DOM mutations, attribute
 * changes, scrolling and typing, deterministic (seeded) so every variant does the same work.
 */
export const HEAVY_PAGE_BODY = `
<style>
  body { font: 14px system-ui, sans-serif; margin: 0; }
  table { border-collapse: collapse; width: 100%; }
  td { border-bottom: 1px solid #ddd; padding: 4px 8px; }
  .hot { background: #fee; }
</style>
<input id="typing" style="position: fixed; top: 0; right: 0" placeholder="type here">
<div id="root"></div>
<script>
  let seed = 42;
  const rand = (n) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  window.runWorkload = async () => {
    const table = document.createElement('table');
    document.getElementById('root').appendChild(table);
    const rows = [];
    for (let b = 0; b < 20; b++) {          // 2,000 rows x 5 cells, 100 rows a frame
      for (let i = 0; i < 100; i++) {
        const tr = table.insertRow();
        for (let c = 0; c < 5; c++) tr.insertCell().textContent = 'row ' + rows.length + ' cell ' + c;
        rows.push(tr);
      }
      await frame();
    }
    for (let f = 0; f < 40; f++) {          // 4,000 text and 2,000 class mutations
      for (let i = 0; i < 100; i++) rows[rand(rows.length)].cells[rand(5)].textContent = 'value ' + rand(1e6);
      for (let i = 0; i < 50; i++) rows[rand(rows.length)].classList.toggle('hot');
      await frame();
    }
    for (let s = 0; s < 60; s++) {          // scrolling through the table
      window.scrollBy(0, 300);
      await frame();
    }
    for (let i = 0; i < 1000; i++) rows[i].remove();
    await frame();
  };
</script>`;

/** Characters typed into #typing after the DOM workload. */
export const TYPED_TEXT = 'the quick brown fox jumps over the lazy dog '.repeat(4);
