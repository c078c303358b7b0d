// Values that stand where a secret goes without being one, left as they are: template and
// environment references (`${DB_PASSWORD}`, `{{ .Values.password }}`, `%API_KEY%`, `$API_TOKEN`,
// `{SumoAccessKey}`), upper-case or `your` placeholders in angle brackets (`<YOUR_API_KEY>`),
// masks (`********`, `####`) and runs of x, alone or after a vendor prefix (`xxxxxxxx`,
// `xoxb-xxxxxxxxx-xxxx`). gitleaks' rule files list such values as false positives; a config dump
// keeps its shape. A real secret of this shape is a reference or already masked; the one it could
// hide is a password made only of x (six or more).
const PLACEHOLDER =
  /^(?:\$\{[A-Za-z_][\w.:=$-]{0,100}\}|\$?\{\{[ \t]*[\w .|()$"'-]{1,100}[ \t]*\}\}|%[A-Z_][A-Z0-9_]{0,100}%|\$[A-Z_][A-Z0-9_]{0,100}|\{[A-Za-z_]\w{0,100}\}|<(?:[A-Z][A-Z0-9_ -]{2,100}|[Yy]our[\w -]{1,100})>|[*#]{3,200}|(?:[A-Za-z0-9]{1,12}[-_.~])?[xX]{6,200}(?:[-_.][xX]{2,200}){0,8})$/;

// Masks and runs of x: no words to judge.
const MASK = /^(?:[*#]+|(?:[A-Za-z0-9]{1,12}[-_.~])?[xX]{6,}(?:[-_.][xX]{2,})*)$/;
// A word of a reference's name: letters, digits only at its end (`DB_PASSWORD2`, `V2`, `$2`).
// `HUNTER2PASSWORD`, `abc123Secret9`, `A1B2C3`: a secret in brackets, not a name.
const NAME_WORD = /^[A-Za-z]*\d*$/;

/** True when `value` (quotes around it aside) is a placeholder, not a secret. */
export function isPlaceholder(value: string): boolean {
  let v = value.trim();
  const q = v[0];
  if ((q === '"' || q === "'") && v.length >= 2 && v[v.length - 1] === q) v = v.slice(1, -1);
  if (v.length < 3 || !PLACEHOLDER.test(v)) return false;
  return MASK.test(v) || v.split(/[^A-Za-z0-9]+/).every((word) => NAME_WORD.test(word));
}
