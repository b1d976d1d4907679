/**
 * The pages with a name and a password: sign in, and sign up. One form, two purposes.
 *
 * The password field is `type="password"` (not shown as it is typed) with `autocomplete` set, so
 * a password manager knows which is which. The form posts to our own path: the password travels in
 * the body of a POST, never in the address, where it would end up in the history and in logs.
 */
import { escapeHtml } from './escape-html.ts';
import { MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, NAME_HINT } from './accounts.ts';
import { page, SIGN_IN_PATH, SIGN_UP_PATH } from './page.ts';

export interface SignInPage {
  mode: 'sign-in' | 'sign-up';
  /** Why the last try failed, shown above the form. */
  error?: string;
  /** The name typed last time, so it need not be typed again. Never the password. */
  name?: string;
}

export function renderSignIn({ mode, error, name = '' }: SignInPage): string {
  const signUp = mode === 'sign-up';
  const title = signUp ? 'Sign up' : 'Sign in';
  const other = signUp ? `Already have a name? <a href="${SIGN_IN_PATH}">Sign in</a>.` : `New here? <a href="${SIGN_UP_PATH}">Sign up</a>.`;
  return page(
    `${title} · Message board`,
    `<h1>${title}</h1>
<form method="post" action="${signUp ? SIGN_UP_PATH : SIGN_IN_PATH}">
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<label for="name">Name</label>
<input id="name" name="name" value="${escapeHtml(name)}" autocomplete="username" required maxlength="24">
${signUp ? `<p class="empty">${NAME_HINT}.</p>` : ''}
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="${signUp ? 'new-password' : 'current-password'}" required${signUp ? ` minlength="${MIN_PASSWORD_CHARS}"` : ''} maxlength="${MAX_PASSWORD_CHARS}">
<p><button type="submit">${title}</button></p>
</form>
<p>${other} <a href="/">Back to the board</a>.</p>`,
  );
}
