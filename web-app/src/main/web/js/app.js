// The app: the header, the page for the route, and who may see which page. Signed out, the
// catalog can be browsed (home, search, titles) as the API allows anonymously; playing, the
// profiles and the account need a sign-in, and personal pages a chosen profile.
import { html, useState, useEffect } from './lib.js';
import { useRoute, go } from './router.js';
import { isSignedIn, onAuthChange, signOut, roles } from './api.js';
import { currentProfile, onProfileChange, chooseProfile } from './store.js';
import { SignIn, SignUp, CheckMail, Verify, Forgot, Reset } from './pages/auth.js';
import { Profiles, NewProfile, EditProfile } from './pages/profiles.js';
import { Home } from './pages/home.js';
import { Search } from './pages/search.js';
import { Title } from './pages/title.js';
import { Watch } from './pages/watch.js';
import { Account } from './pages/account.js';
import { Console, ConsoleTitle } from './pages/console.js';

const TITLES = {
  home: 'Home', search: 'Search', account: 'Account', profiles: "Who's watching?",
  'profile-new': 'Add a profile', 'profile-edit': 'Edit profile', signin: 'Sign in',
  signup: 'Create your account', 'check-mail': 'Check your mail', forgot: 'Reset your password',
  verify: 'Verify your address', reset: 'Choose a new password', title: 'Title', watch: 'Watch',
  'not-found': 'Not found', console: 'Console', 'console-title': 'Console',
};

/** Pages that need a sign-in, and those that need a profile too. */
const SIGNED_IN = new Set(['account', 'profiles', 'profile-new', 'profile-edit', 'watch', 'console', 'console-title']);
const WITH_PROFILE = new Set(['watch']);

function Header({ route, signedIn, profile, operator }) {
  const link = (name, href, label) => html`<a href=${href} class="nav-link"
    aria-current=${route.name === name ? 'page' : undefined}>${label}</a>`;
  return html`<header class="site-header">
    <a class="logo" href="#/home" aria-label="Reel home">Reel</a>
    <nav aria-label="Main" class="nav">
      ${link('home', '#/home', 'Home')}
      ${link('search', '#/search', 'Search')}
      ${signedIn ? link('account', '#/account', 'Account') : null}
      ${operator ? html`<a href="#/console" class="nav-link" data-testid="nav-console"
        aria-current=${route.name.startsWith('console') ? 'page' : undefined}>Console</a>` : null}
    </nav>
    <div class="header-end">
      ${signedIn && profile ? html`<a class="profile-chip" href="#/profiles" data-testid="current-profile"
          aria-label=${'Profile: ' + profile.name + '. Switch profile'}>
          <span class="avatar small" aria-hidden="true">${(profile.name || '?').charAt(0).toUpperCase()}</span>
          <span class="profile-chip-name">${profile.name}</span></a>` : null}
      ${signedIn ? html`<button type="button" class="button ghost" data-testid="header-signout" onClick=${async () => {
        await signOut().catch(() => {});
        chooseProfile(null);
        go('signin', { notice: 'signed-out' });
      }}>Sign out</button>`
        : html`<a class="button ghost" href="#/signup" data-testid="header-signup">Sign up</a>
          <a class="button primary" href="#/signin" data-testid="header-signin">Sign in</a>`}
    </div>
  </header>`;
}

function Redirect({ to, params }) {
  useEffect(() => go(to, params), [to]);
  return null;
}

function NotFound() {
  return html`<section><h1 tabindex="-1">Page not found</h1><p><a href="#/home">Go to home</a></p></section>`;
}

function page(route, signedIn, profile) {
  let name = route.name;
  if (name === 'start') {
    return html`<${Redirect} to=${signedIn && !profile ? 'profiles' : 'home'} />`;
  }
  if (SIGNED_IN.has(name) && !signedIn) {
    return html`<${Redirect} to="signin" />`;
  }
  if (WITH_PROFILE.has(name) && !profile) {
    return html`<${Redirect} to="profiles" />`;
  }
  if (signedIn && !profile && (name === 'home' || name === 'search')) {
    // Signed in, nobody chosen yet: who's watching decides the rows and the limits.
    return html`<${Redirect} to="profiles" />`;
  }
  if ((name === 'signin' || name === 'signup') && signedIn) {
    return html`<${Redirect} to=${profile ? 'home' : 'profiles'} />`;
  }
  switch (name) {
    case 'home': return html`<${Home} key=${profile ? profile.profileId : '-'} />`;
    case 'search': return html`<${Search} route=${route} key=${route.query.toString()} />`;
    case 'title': return html`<${Title} route=${route} key=${route.id} />`;
    case 'watch': return html`<${Watch} route=${route} key=${route.id} />`;
    case 'account': return html`<${Account} />`;
    case 'console': return html`<${Console} route=${route} key=${route.id || 'titles'} />`;
    case 'console-title': return html`<${ConsoleTitle} route=${route} key=${route.id} />`;
    case 'profiles': return html`<${Profiles} />`;
    case 'profile-new': return html`<${NewProfile} />`;
    case 'profile-edit': return html`<${EditProfile} route=${route} />`;
    case 'signin': return html`<${SignIn} route=${route} />`;
    case 'signup': return html`<${SignUp} />`;
    case 'check-mail': return html`<${CheckMail} route=${route} />`;
    case 'forgot': return html`<${Forgot} />`;
    case 'verify': return html`<${Verify} route=${route} />`;
    case 'reset': return html`<${Reset} route=${route} />`;
    default: return html`<${NotFound} />`;
  }
}

export function App() {
  const route = useRoute();
  const [signedIn, setSignedIn] = useState(isSignedIn());
  const [profile, setProfile] = useState(currentProfile());
  useEffect(() => onAuthChange((v) => {
    setSignedIn(v);
    if (!v) {
      chooseProfile(null);
    }
  }), []);
  useEffect(() => onProfileChange(setProfile), []);
  // Operators (the roles claim of the access token) see the console in the header.
  const [operator, setOperator] = useState(false);
  useEffect(() => {
    let live = true;
    if (signedIn) {
      roles().then((r) => live && setOperator(r.includes('operator')));
    } else {
      setOperator(false);
    }
    return () => { live = false; };
  }, [signedIn]);
  const routeKey = route.name + ':' + (route.id || '');
  useEffect(() => {
    document.title = (TITLES[route.name] || 'Reel') + ' · Reel';
    // The new page's heading takes focus, so keyboard and screen-reader users start there;
    // home and rows put the first card in reach with Tab.
    const t = setTimeout(() => {
      const h = document.querySelector('main h1');
      if (h && !document.activeElement.closest('main')) {
        h.focus({ preventScroll: true });
      }
    }, 50);
    window.scrollTo(0, 0);
    return () => clearTimeout(t);
  }, [routeKey]);
  const watching = route.name === 'watch';
  return html`<div class=${'app' + (watching ? ' app-watching' : '')}>
    <a class="skip-link" href="#main" onClick=${(e) => { e.preventDefault(); document.getElementById('main').focus(); }}>Skip to content</a>
    ${watching ? null : html`<${Header} route=${route} signedIn=${signedIn} profile=${profile} operator=${operator} />`}
    <main id="main" tabindex="-1" class=${'page page-' + route.name}>
      ${page(route, signedIn, profile)}
    </main>
  </div>`;
}
