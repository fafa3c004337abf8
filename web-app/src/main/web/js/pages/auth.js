// Sign up (then "check your mail"), the e-mail verification link, sign in, password reset request
// and the reset link. Answers never say whether an address is registered, so neither does the app.
import { html, useState, useEffect } from '../lib.js';
import { api, signIn, explain, ApiError } from '../api.js';
import { go } from '../router.js';
import { Field, Message } from '../components.js';
import { chooseProfile } from '../store.js';

const NOTICES = {
  'password-changed': 'Your password is changed. Sign in with the new one.',
  'signed-out': 'You are signed out.',
  'closed': 'Your account is closed. Thank you for watching.',
  'session-ended': 'Your session has ended. Please sign in again.',
};

const PASSWORD_HINT = 'At least 10 characters. A few unrelated words make a strong password.';

function Form({ title, testid, onSubmit, busy, children, submit, footer }) {
  return html`<section class="auth" data-testid=${testid}>
    <h1 tabindex="-1">${title}</h1>
    <form onSubmit=${(e) => { e.preventDefault(); if (!busy) { onSubmit(e); } }} novalidate>
      ${children}
      <button class="button primary" type="submit" disabled=${busy} data-testid="submit">${busy ? 'Please wait…' : submit}</button>
    </form>
    ${footer ? html`<div class="auth-footer">${footer}</div>` : null}
  </section>`;
}

export function SignIn({ route }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  // A code, not text: a crafted link cannot put words on this page.
  const code = route.query.get('notice');
  const notice = code && Object.hasOwn(NOTICES, code) ? NOTICES[code] : null;
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
      chooseProfile(null);
      go('profiles');
    } catch (e) {
      setError(e instanceof ApiError && e.status === 401
        ? 'That e-mail address and password do not match an account. Check both and try again.'
        : e instanceof ApiError && e.status === 400
          ? 'Enter your e-mail address and password.' : explain(e));
      setBusy(false);
    }
  };
  return html`<${Form} title="Sign in" testid="signin" submit="Sign in" busy=${busy} onSubmit=${submit}
      footer=${html`<p><a href="#/forgot">Forgot your password?</a></p>
        <p>New to Reel? <a href="#/signup">Create an account</a></p>`}>
    ${notice ? html`<${Message} kind="success">${notice}</${Message}>` : null}
    <${Message} kind="error">${error}</${Message}>
    <${Field} label="E-mail address" type="email" name="email" autocomplete="username" required
      value=${email} onInput=${(e) => setEmail(e.target.value)} data-testid="email" />
    <${Field} label="Password" type="password" name="password" autocomplete="current-password" required
      value=${password} onInput=${(e) => setPassword(e.target.value)} data-testid="password" />
  </${Form}>`;
}

export function SignUp() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await api('/accounts', { method: 'POST', body: { email: email.trim(), password }, auth: false });
      go('check-mail', { email: email.trim() });
    } catch (e) {
      setError(explain(e));
      setBusy(false);
    }
  };
  return html`<${Form} title="Create your account" testid="signup" submit="Create account" busy=${busy}
      onSubmit=${submit} footer=${html`<p>Already have an account? <a href="#/signin">Sign in</a></p>`}>
    <${Message} kind="error">${error}</${Message}>
    <${Field} label="E-mail address" type="email" name="email" autocomplete="email" required
      value=${email} onInput=${(e) => setEmail(e.target.value)} data-testid="email" />
    <${Field} label="Password" type="password" name="new-password" autocomplete="new-password" required
      minlength="10" maxlength="128" hint=${PASSWORD_HINT}
      value=${password} onInput=${(e) => setPassword(e.target.value)} data-testid="password" />
  </${Form}>`;
}

export function CheckMail({ route }) {
  const email = route.query.get('email');
  return html`<section class="auth" data-testid="check-mail">
    <h1 tabindex="-1">Check your mail</h1>
    <p>We sent a link to ${email ? html`<strong>${email}</strong>` : 'your address'}. Open it to
      verify your address, then sign in.</p>
    <p class="hint">No mail after a few minutes? Look in your spam folder, or
      <a href="#/signup">sign up again</a> with the right address.</p>
    <p><a class="button" href="#/signin">Go to sign in</a></p>
  </section>`;
}

/** /verify?token=… from the sign-up mail. */
export function Verify({ route }) {
  const token = route.query.get('token');
  const [state, setState] = useState(token ? 'working' : 'missing');
  const [error, setError] = useState(null);
  useEffect(() => {
    if (!token) {
      return;
    }
    api('/accounts/verify', { method: 'POST', body: { token }, auth: false })
      .then(() => setState('done'))
      .catch((e) => {
        setState('failed');
        setError(e instanceof ApiError && (e.status === 400 || e.status === 404 || e.status === 409)
          ? 'This link is not valid any more. It may have expired or been used already.' : explain(e));
      });
  }, [token]);
  return html`<section class="auth" data-testid="verify">
    <h1 tabindex="-1">Verify your address</h1>
    ${state === 'working' ? html`<p role="status">Verifying…</p>` : null}
    ${state === 'missing' ? html`<${Message} kind="error">This link has no token. Open the link from the mail again.</${Message}>` : null}
    ${state === 'done' ? html`<${Message} kind="success">Your address is verified.</${Message}>
      <p><a class="button primary" href="/#/signin" data-testid="to-signin">Sign in</a></p>` : null}
    ${state === 'failed' ? html`<${Message} kind="error">${error}</${Message}>
      <p><a href="/#/signin">Sign in</a> or <a href="/#/signup">sign up again</a>.</p>` : null}
  </section>`;
}

export function Forgot() {
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await api('/auth/password/reset-request', { method: 'POST', body: { email: email.trim() }, auth: false });
      setSent(true);
    } catch (e) {
      setError(explain(e));
    }
    setBusy(false);
  };
  if (sent) {
    return html`<section class="auth" data-testid="forgot-sent">
      <h1 tabindex="-1">Check your mail</h1>
      <p>If <strong>${email}</strong> belongs to an account, we sent it a link to choose a new
        password.</p>
      <p><a class="button" href="#/signin">Back to sign in</a></p>
    </section>`;
  }
  return html`<${Form} title="Reset your password" testid="forgot" submit="Send the link" busy=${busy}
      onSubmit=${submit} footer=${html`<p><a href="#/signin">Back to sign in</a></p>`}>
    <p>Enter your e-mail address and we will send you a link to choose a new password.</p>
    <${Message} kind="error">${error}</${Message}>
    <${Field} label="E-mail address" type="email" name="email" autocomplete="username" required
      value=${email} onInput=${(e) => setEmail(e.target.value)} data-testid="email" />
  </${Form}>`;
}

/** /reset-password?token=… from the reset mail. */
export function Reset({ route }) {
  const token = route.query.get('token');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const submit = async () => {
    if (password !== again) {
      setError('The two passwords are not the same.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api('/auth/password/reset', { method: 'POST', body: { token, newPassword: password }, auth: false });
      go('signin', { notice: 'password-changed' });
    } catch (e) {
      setError(e instanceof ApiError && (e.status === 404 || e.status === 409)
        ? 'This link is not valid any more. Ask for a new one.' : explain(e));
      setBusy(false);
    }
  };
  if (!token) {
    return html`<section class="auth" data-testid="reset">
      <h1 tabindex="-1">Choose a new password</h1>
      <${Message} kind="error">This link has no token. <a href="/#/forgot">Ask for a new link</a>.</${Message}>
    </section>`;
  }
  return html`<${Form} title="Choose a new password" testid="reset" submit="Change password" busy=${busy}
      onSubmit=${submit}>
    <${Message} kind="error">${error}</${Message}>
    <${Field} label="New password" type="password" autocomplete="new-password" required minlength="10"
      maxlength="128" hint=${PASSWORD_HINT} value=${password} onInput=${(e) => setPassword(e.target.value)}
      data-testid="password" />
    <${Field} label="New password again" type="password" autocomplete="new-password" required
      value=${again} onInput=${(e) => setAgain(e.target.value)} data-testid="password-again" />
  </${Form}>`;
}
