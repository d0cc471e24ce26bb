// edge-replay demo app: hash routing, a sign-up form and a todo list.
// Plain ES module with no dependencies. It never touches the recorder: the page
// must behave the same with or without the edge-replay snippet.

const SITE_TITLE = 'edge-replay demo';
const INITIAL_TODOS = ['Open the demo page', 'Click around a little', 'Watch the replay in the dashboard'];

const $ = (selector) => document.querySelector(selector);

// ---------- Routing ----------

const views = Array.from(document.querySelectorAll('.view'));
const navLinks = Array.from(document.querySelectorAll('nav a'));

function currentRoute() {
  // "#/form" -> "/form"; an empty or unknown hash falls back to home.
  const route = location.hash.slice(1) || '/';
  return views.some((view) => view.dataset.route === route) ? route : '/';
}

function showRoute(route, { moveFocus }) {
  let active = views[0];
  for (const view of views) {
    const isActive = view.dataset.route === route;
    view.hidden = !isActive;
    if (isActive) active = view;
  }

  for (const link of navLinks) {
    if (link.getAttribute('href') === `#${route}`) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }

  document.title = `${active.dataset.title} · ${SITE_TITLE}`;

  // Screen readers get no page load on hash navigation; moving focus to the
  // new heading announces the view change. Skipped on first load so the page
  // doesn't grab focus before the visitor has done anything.
  if (moveFocus) active.querySelector('h1')?.focus();
}

function initRouter() {
  window.addEventListener('hashchange', () => showRoute(currentRoute(), { moveFocus: true }));
  showRoute(currentRoute(), { moveFocus: false });
}

// ---------- Home: deliberate errors ----------

function initErrorButtons() {
  $('#throw-error').addEventListener('click', () => {
    throw new Error('Demo error: something broke');
  });

  $('#reject-promise').addEventListener('click', () => {
    // Intentionally left without a .catch() so it becomes an unhandledrejection.
    Promise.reject(new Error('Demo rejection: nobody caught this promise'));
  });
}

// ---------- Form ----------

function initForm() {
  const form = $('#signup-form');
  const result = $('#form-result');
  const volume = $('#volume');
  const volumeValue = $('#volume-value');

  volume.addEventListener('input', () => {
    volumeValue.value = volume.value;
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const name = $('#name').value.trim();
    const plan = $('#plan').value;
    // textContent, never innerHTML: the name is user input.
    result.textContent = `Thanks, ${name}! Your ${plan} plan is ready.`;
    result.hidden = false;
  });
}

// ---------- Todo list ----------

function createTodoItem(text) {
  const item = document.createElement('li');

  const label = document.createElement('span');
  label.className = 'item-text';
  label.textContent = text;
  // The span is the toggle target, so make it reachable and operable by keyboard.
  label.tabIndex = 0;
  label.setAttribute('role', 'checkbox');
  label.setAttribute('aria-checked', 'false');

  const remove = document.createElement('button');
  remove.type = 'button';
  remove.className = 'remove';
  remove.textContent = 'Remove';
  remove.setAttribute('aria-label', `Remove "${text}"`);

  item.append(label, remove);
  return item;
}

function updateTodoCount() {
  const count = $('#todo-list').children.length;
  $('#todo-count').textContent = `${count} ${count === 1 ? 'item' : 'items'}`;
}

function addTodo(text) {
  $('#todo-list').append(createTodoItem(text));
  updateTodoCount();
}

function toggleDone(label) {
  const done = label.closest('li').classList.toggle('done');
  label.setAttribute('aria-checked', String(done));
}

function removeTodo(button) {
  const list = $('#todo-list');
  const item = button.closest('li');
  // Keep keyboard users in the list instead of dropping focus to <body>.
  const neighbour = item.nextElementSibling ?? item.previousElementSibling;
  item.remove();
  updateTodoCount();
  if (!list.contains(document.activeElement)) {
    (neighbour?.querySelector('.remove') ?? $('#new-item')).focus();
  }
}

function initTodoList() {
  const list = $('#todo-list');
  const input = $('#new-item');

  function addFromInput() {
    const text = input.value.trim();
    if (!text) return;
    addTodo(text);
    input.value = '';
    input.focus();
  }

  $('#add-item').addEventListener('click', addFromInput);
  input.addEventListener('keydown', (event) => {
    // isComposing: Enter that confirms an IME composition is not a submit.
    if (event.key === 'Enter' && !event.isComposing) {
      event.preventDefault();
      addFromInput();
    }
  });

  // One delegated listener covers the seeded items and everything added later.
  list.addEventListener('click', (event) => {
    const removeButton = event.target.closest('.remove');
    if (removeButton) return removeTodo(removeButton);
    const label = event.target.closest('.item-text');
    if (label) toggleDone(label);
  });
  list.addEventListener('keydown', (event) => {
    const label = event.target.closest('.item-text');
    if (label && (event.key === ' ' || event.key === 'Enter')) {
      event.preventDefault();
      toggleDone(label);
    }
  });

  INITIAL_TODOS.forEach(addTodo);
}

// ---------- Start ----------

initRouter();
initErrorButtons();
initForm();
initTodoList();
