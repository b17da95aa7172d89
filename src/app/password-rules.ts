/**
 * What a new password must be (NCSC and OWASP advice: length and a block list, no composition rules): at least
 * 12 characters, not only spaces, and not a common password, nor one dressed up with digits, symbols, capitals,
 * spaces or l33t spelling (`P@ssw0rd2024!`), a repeated word, a run of the alphabet, digits or a keyboard row.
 */
import { COMMON_PASSWORDS_TEXT } from './common-passwords.js';

export const MIN_PASSWORD_LENGTH = 12;

/** Words this service's users would reach for. */
const LOCAL_WORDS = ['yjinspect', 'inspection', 'inspections', 'inspector', 'youthjustice', 'youthoffending', 'probation', 'hmip', 'hmiprobation', 'welcome', 'changeme'];

let common: Set<string> | null = null;
const commonPasswords = (): Set<string> => (common ??= new Set([...COMMON_PASSWORDS_TEXT.split(/\s+/).filter(Boolean), ...LOCAL_WORDS]));

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's', '!': 'i', '|': 'l', '+': 't' };
const unLeet = (s: string) => s.replace(/[0134578@$!|+]/g, (c) => LEET[c] ?? c);

const RUNS = ['abcdefghijklmnopqrstuvwxyz', '0123456789', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'qwertyuiopasdfghjklzxcvbnm', '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p'];

/** Made of one short unit repeated (`abcabcabcabc`, `passwordpassword`): the unit, else null. */
function repeatedUnit(s: string): string | null {
  for (let n = 1; n <= s.length / 2; n++) if (s.length % n === 0 && s.slice(0, n).repeat(s.length / n) === s) return s.slice(0, n);
  return null;
}

/** A stretch of the alphabet, of digits or of a keyboard row, forwards or backwards, wrapping round. */
function isRun(s: string): boolean {
  return RUNS.some((run) => {
    const twice = run.repeat(Math.ceil(s.length / run.length) + 1);
    return twice.includes(s) || [...twice].reverse().join('').includes(s);
  });
}

export function isCommonPassword(password: string): boolean {
  const list = commonPasswords();
  const whole = password.toLowerCase().replace(/\s+/g, '');
  // The word inside the padding: `!!password1234` is `password`.
  const core = whole.replace(/^[^a-z]+|[^a-z]+$/g, '');
  for (const form of new Set([whole, core, unLeet(whole), unLeet(core)])) {
    if (form === '') continue;
    if (list.has(form) || isRun(form)) return true;
    const unit = repeatedUnit(form);
    if (unit && (unit.length <= 4 || list.has(unit) || isRun(unit))) return true;
  }
  return false;
}

/** What is wrong with a new password, in words for the person choosing it, or null when it will do. */
export function passwordProblem(password: string): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `A password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  if (!/\S/.test(password)) return `A password needs at least ${MIN_PASSWORD_LENGTH} characters that are not all spaces`;
  if (isCommonPassword(password)) {
    return 'Choose a password that is harder to guess: this one is a common password or a variation of one. Three or four random words make a good one';
  }
  return null;
}
