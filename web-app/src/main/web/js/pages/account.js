// The account: e-mail, plan (GET /plans; subscribe, change, cancel, resume), invoices, password,
// the signed-in devices (each other one can be signed out), this device's name and sign-in, and
// closing the account (with confirmation).
import { html, useState, useEffect } from '../lib.js';
import { api, explain, signOut, forget, ApiError } from '../api.js';
import { go } from '../router.js';
import { Message, Field, Spinner, formatMoney, formatDate, formatWhen } from '../components.js';
import { chooseProfile, customDeviceName, setDeviceName, guessedDeviceName } from '../store.js';

const STATUS = {
  trial: 'Free trial',
  active: 'Active',
  past_due: 'Payment overdue',
  pastdue: 'Payment overdue',
  cancelled: 'Cancelled',
  canceled: 'Cancelled',
  expired: 'Expired',
  none: 'No plan',
};

function height(h) {
  return h >= 2160 ? '4K (2160p)' : h >= 1080 ? 'Full HD (1080p)' : h >= 720 ? 'HD (720p)' : h + 'p';
}

export function Account() {
  const [me, setMe] = useState(null);
  const [plans, setPlans] = useState(null);
  const [sub, setSub] = useState(undefined); // undefined: loading; null: none
  const [invoices, setInvoices] = useState(null);
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState(null);
  const [busy, setBusy] = useState(false);

  const loadSubscription = () => Promise.all([
    api('/accounts/me/subscription', { auth: true })
      // An account that never subscribed answers status "none" (or 404): no plan.
      .then((s) => setSub(s && s.plan && String(s.status).toLowerCase() !== 'none' ? s : null))
      .catch((e) => (e instanceof ApiError && e.status === 404 ? setSub(null) : setError(explain(e)))),
    api('/accounts/me/invoices', { auth: true })
      .then(setInvoices)
      .catch((e) => (e instanceof ApiError && e.status === 404 ? setInvoices([]) : setInvoices([]))),
  ]);
  useEffect(() => {
    api('/accounts/me', { auth: true }).then(setMe).catch((e) => setError(explain(e)));
    api('/plans', { auth: false }).then(setPlans).catch((e) => setError(explain(e)));
    loadSubscription();
  }, []);

  const act = async (what, method, plan) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await api('/accounts/me/subscription', { method, auth: true, body: plan ? { plan } : undefined });
      setNotice(what);
      await loadSubscription();
    } catch (e) {
      setError(explain(e));
    }
    setBusy(false);
  };

  const status = sub ? String(sub.status || '').toLowerCase() : 'none';
  const live = sub && !['expired', 'none'].includes(status);
  const cancelled = sub && ['cancelled', 'canceled'].includes(status);
  // "You" is a section while loading too: a Spinner in its place made Preact remount the
  // sections after it when the account arrived, losing what was typed meanwhile (device name,
  // passwords).
  return html`<section class="account" data-testid="account">
    <h1 tabindex="-1">Account</h1>
    <${Message} kind="error">${error}</${Message}>
    <${Message} kind="success">${notice}</${Message}>
    ${me ? html`<section class="panel" aria-labelledby="acct-you">
      <h2 id="acct-you">You</h2>
      <p><span class="muted">E-mail</span> <strong data-testid="account-email">${me.email}</strong>
        ${me.emailVerified ? html`<span class="tag">verified</span>` : html`<span class="tag warn">not verified</span>`}</p>
      <p><a href="#/profiles">Profiles (${(me.profiles || []).length})</a></p>
    </section>` : html`<section class="panel"><${Spinner} /></section>`}

    <section class="panel" aria-labelledby="acct-plan" data-testid="plan">
      <h2 id="acct-plan">Plan</h2>
      ${sub === undefined ? html`<${Spinner} />` : sub ? html`<dl class="facts">
        <dt>Plan</dt><dd data-testid="current-plan">${(plans || []).find((p) => p.id === sub.plan)?.name || sub.plan}</dd>
        <dt>Status</dt><dd data-testid="plan-status">${STATUS[status] || sub.status}</dd>
        <dt>Streams at once</dt><dd>${sub.maxStreams}</dd>
        <dt>Best quality</dt><dd>${sub.maxHeight ? height(sub.maxHeight) : '–'}</dd>
        ${sub.nextPlan ? html`<dt>From the next invoice</dt><dd>${(plans || []).find((p) => p.id === sub.nextPlan)?.name || sub.nextPlan}</dd>` : null}
        ${sub.currentPeriodEnd ? html`<dt>${cancelled ? 'Watch until' : 'Current period ends'}</dt><dd>${formatDate(sub.currentPeriodEnd)}</dd>` : null}
        ${sub.nextRetryAt ? html`<dt>Next payment attempt</dt><dd>${formatDate(sub.nextRetryAt)}</dd>` : null}
      </dl>` : html`<p>You have no plan yet. Choose one to start watching.</p>`}
      ${plans ? html`<ul class="plans">
        ${plans.map((p) => {
          const mine = sub && sub.plan === p.id;
          return html`<li class=${'plan' + (mine ? ' plan-current' : '')} key=${p.id} data-testid=${'plan-' + p.id}>
            <h3>${p.name}</h3>
            <p class="price">${formatMoney(p.monthlyPriceMinor, p.currency)} <span class="muted">a month</span></p>
            <p>${p.maxStreams} ${p.maxStreams === 1 ? 'stream' : 'streams'} at once · ${height(p.maxHeight)}</p>
            ${!live || status === 'expired'
              ? html`<button type="button" class="button primary" disabled=${busy} data-testid=${'subscribe-' + p.id}
                  onClick=${() => act(`Subscribed to ${p.name}.`, 'POST', p.id)}>Choose ${p.name}</button>`
              : cancelled && mine
                ? html`<button type="button" class="button primary" disabled=${busy} data-testid="resume"
                    onClick=${() => act('Your plan continues.', 'POST', p.id)}>Resume ${p.name}</button>`
                : mine ? html`<p class="tag">Your plan</p>`
                  : html`<button type="button" class="button" disabled=${busy} data-testid=${'change-' + p.id}
                      onClick=${() => act(`${p.name} applies from your next invoice.`, 'PUT', p.id)}>Switch to ${p.name}</button>`}
          </li>`;
        })}
      </ul>` : null}
      ${live && !cancelled ? html`<${CancelPlan} busy=${busy} onCancel=${() => act('Your plan is cancelled. You can watch until the end of the period.', 'DELETE')} />` : null}
    </section>

    <section class="panel" aria-labelledby="acct-invoices">
      <h2 id="acct-invoices">Invoices</h2>
      ${invoices === null ? html`<${Spinner} />` : invoices.length === 0 ? html`<p class="muted">No invoices yet.</p>`
        : html`<table class="invoices" data-testid="invoices">
          <caption class="visually-hidden">Invoices, newest first</caption>
          <thead><tr><th scope="col">Issued</th><th scope="col">Period</th><th scope="col">Plan</th><th scope="col">Amount</th><th scope="col">Status</th></tr></thead>
          <tbody>${invoices.map((i) => html`<tr key=${i.id}>
            <td>${formatDate(i.issuedAt)}</td>
            <td>${formatDate(i.periodStart)} – ${formatDate(i.periodEnd)}</td>
            <td>${i.plan}</td>
            <td>${formatMoney(i.amountMinor, i.currency)}</td>
            <td>${String(i.status || '').toLowerCase()}${i.failedAttempts ? ` (${i.failedAttempts} failed)` : ''}</td>
          </tr>`)}</tbody>
        </table>`}
    </section>

    <${ChangePassword} />

    <section class="panel" aria-labelledby="acct-devices">
      <h2 id="acct-devices">Devices and sessions</h2>
      <p>Everywhere you are signed in. Signing a device out ends its session there at once.
        Changing your password signs out every device.</p>
      <${Sessions} />
      <${DeviceName} />
      <button type="button" class="button" data-testid="signout" onClick=${async () => {
        await signOut().catch(() => {});
        chooseProfile(null);
        go('signin', { notice: 'signed-out' });
      }}>Sign out of this device</button>
    </section>

    <${CloseAccount} email=${me && me.email} />
  </section>`;
}

/** The account's signed-in devices (GET /accounts/me/sessions); any other one can be signed out. */
function Sessions() {
  const [sessions, setSessions] = useState(null);
  const [error, setError] = useState(null);
  const [ending, setEnding] = useState(null);
  const load = () => api('/accounts/me/sessions', { auth: true })
    .then((r) => setSessions(r.sessions || []))
    .catch((e) => setError(explain(e)));
  useEffect(() => { load(); }, []);
  const end = async (s) => {
    setEnding(s.id);
    setError(null);
    try {
      await api('/accounts/me/sessions/' + encodeURIComponent(s.id), { method: 'DELETE', auth: true });
    } catch (e) {
      // 404: it had already ended (signed out there, or expired); the list below shows that.
      if (!(e instanceof ApiError && e.status === 404)) {
        setError(explain(e));
      }
    }
    await load();
    setEnding(null);
  };
  if (sessions === null) {
    return error ? html`<${Message} kind="error">${error}</${Message}>` : html`<${Spinner} />`;
  }
  return html`<${Message} kind="error">${error}</${Message}>
    <ul class="sessions" data-testid="sessions">
      ${sessions.map((s) => html`<li key=${s.id} class="session" data-testid="session"
          data-session-id=${s.id} data-current=${s.current ? 'true' : 'false'}>
        <span class="session-device"><strong>${s.device}</strong>
          ${s.current ? html` <span class="tag">This device</span>` : null}</span>
        <span class="muted">Signed in ${formatDate(s.signedInAt)} · last active ${formatWhen(s.lastUsedAt)}</span>
        ${s.current ? null : html`<button type="button" class="button" disabled=${ending === s.id}
            aria-label=${'Sign out ' + s.device + ', last active ' + formatWhen(s.lastUsedAt)}
            data-testid="end-session" onClick=${() => end(s)}>Sign out</button>`}
      </li>`)}
    </ul>`;
}

/** The name this device goes by when every stream is in use (kept on this device only). */
function DeviceName() {
  const [name, setName] = useState(customDeviceName());
  const [saved, setSaved] = useState(false);
  return html`<form class="device-name" onSubmit=${(e) => { e.preventDefault(); setDeviceName(name); setSaved(true); }}>
    <${Field} label="This device's name" value=${name} maxlength="100" placeholder=${guessedDeviceName()}
      hint="Shown to the others on your plan when every stream is in use." data-testid="device-name"
      onInput=${(e) => { setName(e.target.value); setSaved(false); }} />
    <button type="submit" class="button" data-testid="save-device-name">Save name</button>
    ${saved ? html`<span class="notice" role="status"> Saved.</span>` : null}
  </form>`;
}

function CancelPlan({ busy, onCancel }) {
  const [asking, setAsking] = useState(false);
  return html`<div class="cancel">
    ${asking ? html`<p role="alert">Cancel your plan? You can still watch until the end of the period you paid for, and resume before then.</p>
      <button type="button" class="button danger" disabled=${busy} onClick=${() => { setAsking(false); onCancel(); }} data-testid="confirm-cancel">Cancel plan</button>
      <button type="button" class="button" onClick=${() => setAsking(false)}>Keep plan</button>`
      : html`<button type="button" class="button" onClick=${() => setAsking(true)} data-testid="cancel-plan">Cancel plan</button>`}
  </div>`;
}

function ChangePassword() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('/auth/password', { method: 'POST', auth: true, body: { currentPassword: current, newPassword: next } });
      // Every session ends with a password change, this one too.
      forget();
      chooseProfile(null);
      go('signin', { notice: 'password-changed' });
    } catch (err) {
      setError(err instanceof ApiError && (err.status === 401 || err.status === 403)
        ? 'The current password is not right.' : explain(err));
      setBusy(false);
    }
  };
  return html`<section class="panel" aria-labelledby="acct-password">
    <h2 id="acct-password">Password</h2>
    <form onSubmit=${submit}>
      <${Message} kind="error">${error}</${Message}>
      <${Field} label="Current password" type="password" autocomplete="current-password" required
        value=${current} onInput=${(e) => setCurrent(e.target.value)} data-testid="current-password" />
      <${Field} label="New password" type="password" autocomplete="new-password" required minlength="10"
        hint="At least 10 characters. You will be signed out everywhere." value=${next}
        onInput=${(e) => setNext(e.target.value)} data-testid="new-password" />
      <button type="submit" class="button" disabled=${busy} data-testid="change-password">Change password</button>
    </form>
  </section>`;
}

function CloseAccount({ email }) {
  const [asking, setAsking] = useState(false);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const close = async (e) => {
    e.preventDefault();
    setBusy(true);
    try {
      await api('/accounts/me', { method: 'DELETE', auth: true });
      forget();
      chooseProfile(null);
      go('signin', { notice: 'closed' });
    } catch (err) {
      setError(explain(err));
      setBusy(false);
    }
  };
  return html`<section class="panel danger-zone" aria-labelledby="acct-close">
    <h2 id="acct-close">Close account</h2>
    <p>Closing ends your plan at once, signs out every device and erases your personal data. It cannot be undone.</p>
    ${asking ? html`<form onSubmit=${close}>
      <${Message} kind="error">${error}</${Message}>
      <${Field} label=${'Type your e-mail address (' + (email || '') + ') to confirm'} type="email" autocomplete="off"
        value=${typed} onInput=${(e) => setTyped(e.target.value)} data-testid="close-confirm-email" />
      <button type="submit" class="button danger" disabled=${busy || !email || typed.trim().toLowerCase() !== email.toLowerCase()}
        data-testid="close-account-confirm">Close my account</button>
      <button type="button" class="button" onClick=${() => setAsking(false)}>Keep my account</button>
    </form>` : html`<button type="button" class="button danger" onClick=${() => setAsking(true)} data-testid="close-account">Close account…</button>`}
  </section>`;
}
