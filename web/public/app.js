// A minimal page until the staff console lands: log in, see the inbox.
const STATE = {
  registered: '待受理',
  assigned: '已分派',
  in_progress: '办理中',
  concluded: '已办结',
  followed_up: '已回访',
  archived: '已归档',
  withdrawn: '已撤回',
  declined: '不予受理',
};
let csrf = '';
const $ = (id) => document.getElementById(id);
const text = (s) => document.createTextNode(s ?? '');

async function me() {
  const res = await fetch('/api/me');
  if (!res.ok) return null;
  const body = await res.json();
  csrf = body.csrfToken;
  return body;
}

async function showInbox(user) {
  $('login').hidden = true;
  $('inbox').hidden = false;
  $('who').textContent = user ? `${user.displayName} · ${user.unitName ?? ''} · ${user.scopeName ?? ''}` : '';
  const res = await fetch('/api/cases?limit=50');
  const rows = $('rows');
  rows.replaceChildren();
  if (!res.ok) return;
  for (const c of (await res.json()).items) {
    const tr = document.createElement('tr');
    for (const v of [c.caseNo, c.title, STATE[c.state], c.categoryName, c.regionName, c.leadUnitName]) {
      const td = document.createElement('td');
      td.appendChild(text(v));
      tr.appendChild(td);
    }
    rows.appendChild(tr);
  }
}

$('login').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = new FormData(e.target);
  const res = await fetch('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: form.get('username'), password: form.get('password') }),
  });
  const body = await res.json();
  if (!res.ok) {
    $('login-error').textContent = body.error.message;
    return;
  }
  csrf = body.csrfToken;
  await showInbox(body.user);
});

$('logout').addEventListener('click', async () => {
  await fetch('/api/auth/logout', { method: 'POST', headers: { 'x-csrf-token': csrf } });
  location.reload();
});

const current = await me();
if (current) await showInbox(current.user);
else $('login').hidden = false;
