// Who's watching? The account's profiles, choosing one, creating one (kids flag, maturity limit,
// PIN) and changing or removing one. A protected profile (a kids profile or one with a PIN)
// changes its limits only with its PIN or the account password, as the API requires.
import { html, useState, useEffect } from '../lib.js';
import { api, explain, ApiError } from '../api.js';
import { go } from '../router.js';
import { Field, Message, Spinner, RATINGS } from '../components.js';
import { chooseProfile, currentProfile } from '../store.js';

export async function loadProfiles() {
  const body = await api('/accounts/me/profiles', { auth: true });
  return (body && body.profiles) || [];
}

function initial(name) {
  return (name || '?').trim().charAt(0).toUpperCase() || '?';
}

export function Profiles() {
  const [profiles, setProfiles] = useState(null);
  const [error, setError] = useState(null);
  const [manage, setManage] = useState(false);
  useEffect(() => {
    loadProfiles().then(setProfiles).catch((e) => setError(explain(e)));
  }, []);
  const choose = (p) => {
    chooseProfile(p);
    go('home');
  };
  return html`<section class="profiles" data-testid="profiles">
    <h1 tabindex="-1">${manage ? 'Manage profiles' : "Who's watching?"}</h1>
    <${Message} kind="error">${error}</${Message}>
    ${profiles === null && !error ? html`<${Spinner} label="Loading profiles" />` : null}
    ${profiles ? html`<ul class="profile-list">
      ${profiles.map((p) => html`<li key=${p.profileId}>
        <button type="button" class="profile-tile" data-testid="profile" data-profile-id=${p.profileId}
            aria-current=${currentProfile() && currentProfile().profileId === p.profileId ? 'true' : undefined}
            onClick=${() => (manage ? go('profiles/' + encodeURIComponent(p.profileId) + '/edit') : choose(p))}>
          <span class="avatar" aria-hidden="true">${initial(p.name)}</span>
          <span class="profile-name">${p.name || 'Profile'}</span>
          <span class="profile-tags">
            ${p.kids ? html`<span class="tag">Kids</span>` : null}
            ${p.hasPin ? html`<span class="tag" title="Protected with a PIN">PIN</span>` : null}
            <span class="tag">${p.maturityLimit}</span>
          </span>
          ${manage ? html`<span class="visually-hidden">: edit</span>` : null}
        </button>
      </li>`)}
      <li><a class="profile-tile profile-add" href="#/profiles/new" data-testid="add-profile">
        <span class="avatar" aria-hidden="true">+</span><span class="profile-name">Add profile</span></a></li>
    </ul>
    <p><button type="button" class="button" onClick=${() => setManage(!manage)} aria-pressed=${manage}
      data-testid="manage-profiles">${manage ? 'Done' : 'Manage profiles'}</button></p>` : null}
  </section>`;
}

/** The fields of a new or changed profile. */
function ProfileFields({ value, set, editing }) {
  return html`
    <${Field} label="Name" required maxlength="50" value=${value.name} autocomplete="off"
      onInput=${(e) => set({ ...value, name: e.target.value })} data-testid="profile-name" />
    <div class="field field-check">
      <input id="profile-kids" type="checkbox" checked=${value.kids}
        onChange=${(e) => set({ ...value, kids: e.target.checked, maturityLimit: e.target.checked && !['G', 'PG'].includes(value.maturityLimit) ? 'PG' : value.maturityLimit })}
        data-testid="profile-kids" />
      <label for="profile-kids">Kids profile <span class="hint">(a simpler experience; never unlocked with a PIN)</span></label>
    </div>
    <div class="field">
      <label for="profile-limit">Maturity limit</label>
      <select id="profile-limit" value=${value.maturityLimit} data-testid="profile-limit"
          onChange=${(e) => set({ ...value, maturityLimit: e.target.value })}>
        ${RATINGS.map((r) => html`<option value=${r}>${r === 'NR' ? 'NR (everything, unrated included)' : r}</option>`)}
      </select>
    </div>
    <${Field} label=${editing ? 'New PIN (leave empty to keep it)' : 'PIN (optional)'} type="password"
      inputmode="numeric" pattern="[0-9]{4,8}" maxlength="8" autocomplete="new-password"
      hint="4 to 8 digits. Asked for to change this profile's limits and to watch above its limit."
      value=${value.pin} onInput=${(e) => set({ ...value, pin: e.target.value.replace(/\D/g, '') })}
      data-testid="profile-pin" />`;
}

export function NewProfile() {
  const [value, set] = useState({ name: '', kids: false, maturityLimit: 'NR', pin: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('/accounts/me/profiles', {
        method: 'POST',
        auth: true,
        body: {
          name: value.name.trim(), kids: value.kids, maturityLimit: value.maturityLimit,
          language: (navigator.language || 'en').slice(0, 2), pin: value.pin || undefined,
        },
      });
      go('profiles');
    } catch (err) {
      setError(explain(err));
      setBusy(false);
    }
  };
  return html`<section class="profile-form" data-testid="profile-new">
    <h1 tabindex="-1">Add a profile</h1>
    <form onSubmit=${submit}>
      <${Message} kind="error">${error}</${Message}>
      <${ProfileFields} value=${value} set=${set} />
      <div class="actions">
        <button class="button primary" type="submit" disabled=${busy} data-testid="submit">Add profile</button>
        <a class="button" href="#/profiles">Cancel</a>
      </div>
    </form>
  </section>`;
}

export function EditProfile({ route }) {
  const id = route.id;
  const [profile, setProfile] = useState(null);
  const [value, set] = useState(null);
  const [proof, setProof] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  useEffect(() => {
    loadProfiles().then((ps) => {
      const p = ps.find((x) => x.profileId === id);
      if (!p) {
        setError('This profile does not exist any more.');
        return;
      }
      setProfile(p);
      set({ name: p.name || '', kids: p.kids, maturityLimit: p.maturityLimit, pin: '' });
    }).catch((e) => setError(explain(e)));
  }, [id]);
  const isProtected = profile && (profile.kids || profile.hasPin);
  const changesLimits = profile && value && (value.kids !== profile.kids
    || value.maturityLimit !== profile.maturityLimit || value.pin !== '');
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body = { name: value.name.trim() };
    if (value.kids !== profile.kids) body.kids = value.kids;
    if (value.maturityLimit !== profile.maturityLimit) body.maturityLimit = value.maturityLimit;
    if (value.pin) body.pin = value.pin;
    if (isProtected && changesLimits) {
      // The proof: digits only is the PIN, anything else the account password.
      if (/^[0-9]{4,8}$/.test(proof)) body.currentPin = proof; else body.password = proof;
    }
    try {
      await api('/accounts/me/profiles/' + encodeURIComponent(id), { method: 'PATCH', auth: true, body });
      const current = currentProfile();
      if (current && current.profileId === id) {
        chooseProfile({ ...current, ...body, hasPin: current.hasPin || !!value.pin });
      }
      go('profiles');
    } catch (err) {
      setError(err instanceof ApiError && err.status === 403
        ? 'That PIN or password is not right, so the limits were not changed.' : explain(err));
      setBusy(false);
    }
  };
  const remove = async () => {
    setBusy(true);
    try {
      await api('/accounts/me/profiles/' + encodeURIComponent(id), { method: 'DELETE', auth: true });
      const current = currentProfile();
      if (current && current.profileId === id) {
        chooseProfile(null);
      }
      go('profiles');
    } catch (err) {
      setError(explain(err));
      setBusy(false);
    }
  };
  return html`<section class="profile-form" data-testid="profile-edit">
    <h1 tabindex="-1">Edit profile</h1>
    <${Message} kind="error">${error}</${Message}>
    ${value ? html`<form onSubmit=${submit}>
      <${ProfileFields} value=${value} set=${set} editing=${true} />
      ${isProtected && changesLimits ? html`<${Field} label="This profile's PIN or the account password"
        type="password" autocomplete="current-password" required value=${proof}
        hint="A protected profile's limits change only with its PIN or the account password."
        onInput=${(e) => setProof(e.target.value)} data-testid="profile-proof" />` : null}
      <div class="actions">
        <button class="button primary" type="submit" disabled=${busy} data-testid="submit">Save</button>
        <a class="button" href="#/profiles">Cancel</a>
      </div>
    </form>
    <div class="danger-zone">
      ${confirmDelete ? html`<p role="alert">Remove the profile ${profile.name}? This cannot be undone.</p>
        <button type="button" class="button danger" onClick=${remove} disabled=${busy} data-testid="confirm-delete">Remove profile</button>
        <button type="button" class="button" onClick=${() => setConfirmDelete(false)}>Keep it</button>`
        : html`<button type="button" class="button danger" onClick=${() => setConfirmDelete(true)}
            data-testid="delete-profile">Remove this profile</button>`}
    </div>` : null}
  </section>`;
}
