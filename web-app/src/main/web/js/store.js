// What the app remembers besides the tokens: the chosen profile (per device) and a stable device
// id for the play API (which replaces a device's earlier session instead of counting it twice).
const PROFILE_KEY = 'reel.profile';
const DEVICE_KEY = 'reel.deviceId';
const listeners = new Set();

export function currentProfile() {
  try {
    const p = JSON.parse(localStorage.getItem(PROFILE_KEY) || 'null');
    return p && typeof p.profileId === 'string' ? p : null;
  } catch (e) {
    return null;
  }
}

export function chooseProfile(profile) {
  if (profile) {
    const { profileId, name, kids, maturityLimit, hasPin } = profile;
    localStorage.setItem(PROFILE_KEY, JSON.stringify({ profileId, name, kids, maturityLimit, hasPin }));
  } else {
    localStorage.removeItem(PROFILE_KEY);
  }
  for (const fn of listeners) {
    fn(currentProfile());
  }
}

export function onProfileChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function deviceId() {
  let id = localStorage.getItem(DEVICE_KEY);
  if (!id) {
    const bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    id = 'web-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    localStorage.setItem(DEVICE_KEY, id);
  }
  return id;
}

const NAME_KEY = 'reel.deviceName';

/** The name the viewer gave this device (account page), or empty. */
export function customDeviceName() {
  return (localStorage.getItem(NAME_KEY) || '').trim();
}

export function setDeviceName(name) {
  const n = String(name || '').trim().slice(0, 100);
  if (n) {
    localStorage.setItem(NAME_KEY, n);
  } else {
    localStorage.removeItem(NAME_KEY);
  }
}

/**
 * A name for this device that the viewer will recognise in "every stream is in use": the one they
 * gave it, else the browser and system.
 */
export function deviceName() {
  const custom = customDeviceName();
  if (custom) {
    return custom;
  }
  return guessedDeviceName();
}

export function guessedDeviceName() {
  const ua = navigator.userAgent;
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox'
    : /Chrome\/|Chromium\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : 'Browser';
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS'
    : /Windows/.test(ua) ? 'Windows' : /Mac OS X/.test(ua) ? 'macOS'
      : /CrOS/.test(ua) ? 'ChromeOS' : /Linux/.test(ua) ? 'Linux' : 'web';
  return `${browser} on ${os}`;
}
