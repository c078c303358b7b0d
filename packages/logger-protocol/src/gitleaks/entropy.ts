// Shannon entropy as gitleaks computes it (detect/utils.go `shannonEntropy`): the characters'
// frequencies over the string's length in UTF-8 bytes, in bits.

/** Shannon entropy of `text` in bits per character (gitleaks' `shannonEntropy`); 0 for ''. */
export function shannonEntropy(text: string): number {
  if (text === '') return 0;
  const counts = new Map<number, number>();
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    counts.set(code, (counts.get(code) ?? 0) + 1);
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  let entropy = 0;
  for (const count of counts.values()) {
    const freq = count / bytes;
    entropy -= freq * Math.log2(freq);
  }
  return entropy;
}
